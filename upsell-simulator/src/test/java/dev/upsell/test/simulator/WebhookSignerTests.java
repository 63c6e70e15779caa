package dev.upsell.test.simulator;

import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookSignerTests {

	static final List<WebhookTestVectors.Vector> vectors = WebhookTestVectors.ALL;

	@ParameterizedTest
	@FieldSource("vectors")
	void signsEveryKnownAnswerVector(WebhookTestVectors.Vector vector) {
		WebhookSigner signer = new WebhookSigner(vector.secret());
		assertThat(signer.sign(vector.webhookId(), vector.timestamp(), vector.body())).isEqualTo(vector.signature());
	}

	@ParameterizedTest
	@FieldSource("vectors")
	void agreesWithTheOfficialLibrary(WebhookTestVectors.Vector vector) throws Exception {
		Webhook official = new Webhook(vector.secret());
		assertThat(official.sign(vector.webhookId(), vector.timestamp(), vector.body())).isEqualTo(vector.signature());
	}

	@Test
	void acceptsTheSecretWithoutItsPrefix() {
		WebhookTestVectors.Vector vector = vectors.get(0);
		WebhookSigner signer = new WebhookSigner(vector.secret().substring("whsec_".length()));
		assertThat(signer.sign(vector.webhookId(), vector.timestamp(), vector.body())).isEqualTo(vector.signature());
	}

	@Test
	void randomSecretsVerifyWithTheOfficialLibrary() throws Exception {
		String secret = WebhookSigner.randomSecret();
		long now = System.currentTimeMillis() / 1000;
		String body = "{\"type\":\"payment.succeeded\"}";
		String signature = new WebhookSigner(secret).sign("msg_1", now, body);
		new Webhook(secret).verify(body, Map.of("webhook-id", List.of("msg_1"), "webhook-timestamp",
				List.of(Long.toString(now)), "webhook-signature", List.of(signature)));
	}

	@Test
	void rejectsASecretThatIsNotBase64() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSigner("whsec_not base64!"))
			.withMessageContaining("not base64")
			.withMessageNotContaining("not base64!");
	}

	@Test
	void neverPrintsTheSecret() {
		String secret = WebhookSigner.randomSecret();
		assertThat(new WebhookSigner(secret).toString()).doesNotContain(secret.substring(6));
	}

}
