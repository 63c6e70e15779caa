package dev.upsell.plan.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import dev.upsell.plan.PlanChangeException;
import dev.upsell.plan.PlanChangeQuote;

/**
 * Quote ids that pin what a customer saw: {@code q_<expiry epoch seconds>_<HMAC-SHA256 of the figures>}, keyed
 * with a per-deployment secret, so only this deployment can make one: a client that changes the expiry or the
 * figures cannot make the matching MAC. Stateless, so any instance with the same key checks one: a change that
 * names a quote previews again and goes ahead only when the figures (customer, plan, quantity, mode, timing,
 * charge and credits) are the same and the quote has not expired.
 */
public final class QuotePins {

	private static final Pattern FORMAT = Pattern.compile("q_([0-9]{1,12})_([0-9a-f]{32})");

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	/**
	 * Pins keyed with {@code key}.
	 * @param key at least 16 bytes of secret; the same on every instance that checks the quotes
	 */
	public QuotePins(byte[] key) {
		if (key.length < 16) {
			throw new IllegalArgumentException("A quote key needs at least 16 bytes");
		}
		this.key = new SecretKeySpec(key.clone(), ALGORITHM);
	}

	/** Pins keyed with 32 random bytes: quotes are valid on this instance, until it stops. */
	public static QuotePins random() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return new QuotePins(key);
	}

	public String id(String customerId, PlanChangeQuote quote, Instant expiresAt) {
		return "q_" + expiresAt.getEpochSecond() + "_" + mac(customerId, quote, expiresAt.getEpochSecond());
	}

	/** The expiry a quote id carries, or {@code null} when it is not shaped as a quote id. */
	static @Nullable Instant expiry(String quoteId) {
		var matcher = FORMAT.matcher(quoteId);
		return matcher.matches() ? Instant.ofEpochSecond(Long.parseLong(matcher.group(1))) : null;
	}

	/** Whether this deployment made the quote id for these figures (constant-time compare). */
	boolean pins(String quoteId, String customerId, PlanChangeQuote quote) {
		Instant expiry = expiry(quoteId);
		if (expiry == null) {
			return false;
		}
		byte[] expected = id(customerId, quote, expiry).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, quoteId.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The change goes ahead only at the figures the customer saw, and only while their quote is valid: the id's
	 * MAC covers the figures and the expiry, and an expiry further away than the quote lifetime is refused too,
	 * so neither the figures nor the time can be chosen by the client.
	 * @throws PlanChangeException {@code INVALID_OPTIONS}, {@code QUOTE_EXPIRED} or {@code QUOTE_CHANGED} (the
	 * new quote attached)
	 */
	public void requireSame(String quoteId, String customerId, PlanChangeQuote now, Instant time, java.time.Duration ttl) {
		Instant expiry = expiry(quoteId);
		if (expiry == null) {
			throw new PlanChangeException(PlanChangeException.Reason.INVALID_OPTIONS,
					"quote_id is not a quote this service made");
		}
		if (!time.isBefore(expiry) || time.isBefore(expiry.minus(ttl))) {
			throw new PlanChangeException(PlanChangeException.Reason.QUOTE_EXPIRED,
					"The quote has expired; show the new one and confirm again", now);
		}
		if (!pins(quoteId, customerId, now)) {
			throw new PlanChangeException(PlanChangeException.Reason.QUOTE_CHANGED,
					"The change would now be: " + now.summary() + "; show it and confirm again", now);
		}
	}

	private String mac(String customerId, PlanChangeQuote quote, long expiry) {
		String figures = String.join("|", "v2", customerId, quote.subscriptionId(), quote.newProductId(),
				Integer.toString(quote.quantity()), quote.prorationMode().name(), quote.effectiveAt().name(),
				Long.toString(quote.chargeNow().amount()), quote.chargeNow().currency(),
				Long.toString(quote.creditAdded().amount()), Long.toString(quote.creditUsed().amount()),
				Long.toString(expiry));
		if (quote.discount() != null) {
			// the discount is part of what the customer saw: a quote with another code (or none) is another quote
			figures = figures + "|" + quote.discount().code() + "|" + quote.discount().basisPoints();
		}
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return HexFormat.of().formatHex(mac.doFinal(figures.getBytes(StandardCharsets.UTF_8)), 0, 16);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is missing from this JVM", ex);
		}
	}

}
