package dev.upsell.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;

import dev.upsell.offer.OfferStoreException;

/** What the JDBC stores of payments and deliveries share: time columns, and store failures as one exception. */
final class JdbcSupport {

	private JdbcSupport() {
	}

	/** An instant as a {@code TIMESTAMP WITH TIME ZONE} parameter. */
	static OffsetDateTime time(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * Runs a statement; a database failure surfaces as {@link OfferStoreException} naming what failed (a duplicate
	 * key stays itself: callers decide what it means).
	 */
	static <T> T store(String what, Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (DuplicateKeyException ex) {
			throw ex;
		}
		catch (DataAccessException ex) {
			throw new OfferStoreException("Store failed to " + what + ": "
					+ ex.getMostSpecificCause().getClass().getSimpleName(), ex);
		}
	}

}
