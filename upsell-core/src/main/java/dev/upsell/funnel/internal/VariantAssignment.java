package dev.upsell.funnel.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.jspecify.annotations.Nullable;

import dev.upsell.funnel.Experiment;
import dev.upsell.funnel.Variant;

/**
 * Assigns a customer to an experiment's holdout or one of its variants: deterministic and sticky, from a hash
 * of the experiment id and the customer id alone, so every instance assigns alike without shared state, and a
 * customer sees the same variant at every purchase. The hash's first 64 bits, as a fraction of 2^64, fall into
 * the holdout share first, then into the variants by weight.
 */
public final class VariantAssignment {

	private VariantAssignment() {
	}

	/**
	 * The customer's assignment.
	 * @param experiment the experiment
	 * @param customerId the customer
	 * @return the variant, or {@link Experiment#HOLDOUT}
	 */
	public static Assignment assign(Experiment experiment, String customerId) {
		double unit = unit(experiment.id(), customerId);
		if (unit < experiment.holdout()) {
			return new Assignment(experiment.id(), Experiment.HOLDOUT, null);
		}
		double position = (unit - experiment.holdout()) / (1 - experiment.holdout());
		long total = experiment.variants().stream().mapToLong(Variant::weight).sum();
		double cumulative = 0;
		for (Variant variant : experiment.variants()) {
			cumulative += (double) variant.weight() / total;
			if (position < cumulative) {
				return new Assignment(experiment.id(), variant.id(), variant);
			}
		}
		Variant last = experiment.variants().get(experiment.variants().size() - 1);
		return new Assignment(experiment.id(), last.id(), last);
	}

	/**
	 * The customer's point in [0, 1) for an experiment: SHA-256 of {@code experimentId + ":" + customerId}.
	 * @param experimentId the experiment
	 * @param customerId the customer
	 * @return the point
	 */
	static double unit(String experimentId, String customerId) {
		byte[] hash = sha256((experimentId + ":" + customerId).getBytes(StandardCharsets.UTF_8));
		long bits = 0;
		for (int i = 0; i < 8; i++) {
			bits = (bits << 8) | (hash[i] & 0xFF);
		}
		return (bits >>> 11) * 0x1.0p-53;
	}

	private static byte[] sha256(byte[] input) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
		}
	}

	/**
	 * Where a customer landed.
	 *
	 * @param experimentId the experiment
	 * @param variantId the variant's id, or {@link Experiment#HOLDOUT}
	 * @param variant the variant, or {@code null} when held out
	 */
	public record Assignment(String experimentId, String variantId, @Nullable Variant variant) {

		/** Whether the customer is in the holdout: shown no offer. */
		public boolean heldOut() {
			return this.variant == null;
		}

	}

}
