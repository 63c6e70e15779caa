package dev.upsell.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The key plan change quote ids are signed with: {@code plan-change.quote-secret}, else derived from the webhook
 * secret, else from the API key (each a secret every instance of one deployment shares), else random. A derived
 * key is an HMAC of a fixed label under the secret, so the quote key reveals nothing of the secret it came from.
 */
final class QuoteKeys {

	private static final Log logger = LogFactory.getLog(QuoteKeys.class);

	private static final byte[] LABEL = "dodo-upsell plan change quote key v1".getBytes(StandardCharsets.US_ASCII);

	private QuoteKeys() {
	}

	static byte[] of(@Nullable String quoteSecret, List<String> webhookSecrets, @Nullable String apiKey) {
		if (quoteSecret != null && !quoteSecret.isBlank()) {
			return derive(quoteSecret);
		}
		if (!webhookSecrets.isEmpty()) {
			return derive(webhookSecrets.get(0));
		}
		if (apiKey != null && !apiKey.isBlank()) {
			return derive(apiKey);
		}
		logger.info("Plan change quotes are signed with a random key: a quote is valid on the instance that made "
				+ "it, until it restarts (set dodo.upsell.plan-change.quote-secret to share one)");
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	private static byte[] derive(String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.trim().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(LABEL);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is missing from this JVM", ex);
		}
	}

}
