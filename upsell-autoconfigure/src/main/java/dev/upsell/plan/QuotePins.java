package dev.upsell.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * Quote ids that pin what a customer saw: {@code q_<expiry epoch seconds>_<digest of the figures>}. Stateless,
 * so any instance can check one: a change that names a quote previews again and goes ahead only when the
 * figures (plan, quantity, mode, timing, charge and credits) are the same and the quote has not expired.
 */
final class QuotePins {

	private QuotePins() {
	}

	static String id(PlanChangeQuote quote, Instant expiresAt) {
		return "q_" + expiresAt.getEpochSecond() + "_" + digest(quote, expiresAt.getEpochSecond());
	}

	/** The expiry a quote id carries, or {@code null} when it is not a quote id. */
	static @Nullable Instant expiry(String quoteId) {
		String[] parts = quoteId.split("_");
		if (parts.length != 3 || !parts[0].equals("q")) {
			return null;
		}
		try {
			return Instant.ofEpochSecond(Long.parseLong(parts[1]));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Whether the quote id was made for these figures. */
	static boolean pins(String quoteId, PlanChangeQuote quote) {
		Instant expiry = expiry(quoteId);
		return expiry != null && quoteId.equals("q_" + expiry.getEpochSecond() + "_" + digest(quote, expiry.getEpochSecond()));
	}

	private static String digest(PlanChangeQuote quote, long expiry) {
		String figures = String.join("|", quote.subscriptionId(), quote.newProductId(),
				Integer.toString(quote.quantity()), quote.prorationMode().name(), quote.effectiveAt().name(),
				Long.toString(quote.chargeNow().amount()), quote.chargeNow().currency(),
				Long.toString(quote.creditAdded().amount()), Long.toString(quote.creditUsed().amount()),
				Long.toString(expiry));
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(figures.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
