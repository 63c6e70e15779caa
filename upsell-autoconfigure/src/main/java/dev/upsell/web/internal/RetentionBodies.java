package dev.upsell.web.internal;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The bodies of the {@code /upsell/retention} endpoints, validated as they are bound (a bad field is a 400 naming it). */
public final class RetentionBodies {

	private RetentionBodies() {
	}

	/**
	 * {@code POST /upsell/retention/flows}.
	 *
	 * @param subscriptionId the subscription the customer wants to cancel or downgrade (required)
	 * @param downgradeTo the cheaper plan asked for, for a downgrade flow; absent for a cancel flow
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Start(@Nullable String subscriptionId, @Nullable String downgradeTo) {

		/** Validates the fields. */
		public Start {
			if (subscriptionId == null || subscriptionId.isBlank() || subscriptionId.length() > 200) {
				throw new IllegalArgumentException("subscription_id is required and must be a string of 1 to 200 characters");
			}
			if (downgradeTo != null && (downgradeTo.isBlank() || downgradeTo.length() > 200)) {
				throw new IllegalArgumentException("downgrade_to must be a string of 1 to 200 characters");
			}
		}

	}

	/**
	 * {@code POST /upsell/retention/flows/{id}/reason}.
	 *
	 * @param reason one of the configured reasons (required)
	 * @param comment the customer's words, at most 1000 characters
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Reason(@Nullable String reason, @Nullable String comment) {

		/** Validates the fields. */
		public Reason {
			if (reason == null || reason.isBlank() || reason.length() > 64) {
				throw new IllegalArgumentException("reason is required and must be a string of 1 to 64 characters");
			}
			if (comment != null && comment.length() > 1000) {
				throw new IllegalArgumentException("comment must be at most 1000 characters");
			}
		}

	}

	/**
	 * {@code POST /upsell/retention/flows/{id}/accept}; the body is optional.
	 *
	 * @param quoteId for a downgrade now: the quote shown with it, so the plan moves only at those figures
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Accept(@Nullable String quoteId) {

		/** Validates the field. */
		public Accept {
			if (quoteId != null && (quoteId.isBlank() || quoteId.length() > 500)) {
				throw new IllegalArgumentException("quote_id must be a string of 1 to 500 characters");
			}
		}

	}

}
