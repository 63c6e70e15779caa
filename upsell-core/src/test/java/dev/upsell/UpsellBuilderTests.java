package dev.upsell;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.upsell.catalog.OfferKind;
import dev.upsell.catalog.OfferRule;
import dev.upsell.catalog.PurchaseContext;
import dev.upsell.checkout.ChargeMethod;
import dev.upsell.dodo.DodoClient;
import dev.upsell.funnel.Funnel;
import dev.upsell.funnel.FunnelStep;
import dev.upsell.funnel.StepConditions;
import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.webhook.DodoEvent;
import dev.upsell.webhook.HmacWebhookVerifier;
import dev.upsell.webhook.InMemoryWebhookDeduplicator;
import dev.upsell.webhook.WebhookAnswered;
import dev.upsell.webhook.WebhookOutcome;
import dev.upsell.webhook.WebhookProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The core assembled by {@link Upsell#builder}, with no Spring on its classpath: what a host without Boot gets.
 */
class UpsellBuilderTests {

	private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

	private static final String SECRET = "whsec_" + Base64.getEncoder()
		.encodeToString("a test secret of 32 bytes, fixed".getBytes(StandardCharsets.US_ASCII));

	/** A Dodo that must not be called: every call fails the test. */
	private final DodoClient unreachable = (DodoClient) Proxy.newProxyInstance(getClass().getClassLoader(),
			new Class<?>[] { DodoClient.class }, (proxy, method, args) -> {
				if (method.getDeclaringClass() == Object.class) {
					return method.getName().equals("toString") ? "unreachable Dodo" : null;
				}
				throw new AssertionError("Dodo was called: " + method.getName());
			});

	private final List<Object> events = new CopyOnWriteArrayList<>();

	@Test
	void aPurchaseNoRuleFollowsPresentsNothingAndAsksDodoNothing() {
		Upsell upsell = Upsell.builder(this.unreachable)
			.rules(List.of(new OfferRule("coaching", "prod_course", "prod_coaching", OfferKind.UPSELL, 1, null,
					ChargeMethod.CHECKOUT_SESSION)))
			.store(new InMemoryOfferRepository())
			.events(this.events::add)
			.build();

		assertThat(upsell.offers().present("cus_1", "prod_ebook", PurchaseContext.of("order_1"))).isEmpty();
		assertThat(this.events).isEmpty();
	}

	@Test
	void aVerifiedWebhookIsPublishedOnTheEventPortOnceAndAReplayIsADuplicate() throws Exception {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		Upsell upsell = Upsell.builder(this.unreachable).events(this.events::add).clock(clock).build();
		WebhookProcessor webhooks = upsell.webhookProcessor(
				new HmacWebhookVerifier(List.of(SECRET), Duration.ofMinutes(5), clock),
				new InMemoryWebhookDeduplicator(Duration.ofDays(7), clock));
		byte[] body = "{\"business_id\":\"bus_1\",\"type\":\"license_key.created\",\"timestamp\":\"2026-12-05T10:00:00Z\",\"data\":{}}"
			.getBytes(StandardCharsets.UTF_8);
		String timestamp = Long.toString(NOW.getEpochSecond());

		WebhookProcessor.Result first = webhooks.process("msg_1", timestamp, sign("msg_1", timestamp, body), body);
		WebhookProcessor.Result replay = webhooks.process("msg_1", timestamp, sign("msg_1", timestamp, body), body);

		assertThat(first.outcome()).isEqualTo(WebhookOutcome.HANDLED);
		assertThat(replay.outcome()).isEqualTo(WebhookOutcome.DUPLICATE);
		assertThat(this.events).hasSize(3);
		assertThat(this.events.get(0)).isInstanceOf(DodoEvent.class);
		assertThat(this.events.subList(1, 3)).containsExactly(
				new WebhookAnswered("license_key.created", WebhookOutcome.HANDLED),
				new WebhookAnswered("license_key.created", WebhookOutcome.DUPLICATE));
	}

	@Test
	void aFunnelStepLeadingToAStepThatDoesNotExistIsRefusedWhenBuilt() {
		FunnelStep coaching = new FunnelStep("coaching", "prod_coaching", OfferKind.UPSELL, 1,
				ChargeMethod.CHECKOUT_SESSION, null, "no-such-step", StepConditions.NONE, null);
		Upsell.Builder builder = Upsell.builder(this.unreachable)
			.funnels(List.of(new Funnel("course", "prod_course", List.of(coaching), 1, 3)));

		assertThatIllegalArgumentException().isThrownBy(builder::build).withMessageContaining("no-such-step");
	}

	private static String sign(String id, String timestamp, byte[] body) throws Exception {
		byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
		return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
	}

}
