package dev.upsell.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

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
	 * Fails fast, naming the fix, when a store's table is missing or unreadable.
	 * @param jdbc the database
	 * @param table the table
	 * @throws IllegalStateException when it cannot be read
	 */
	static void checkTable(JdbcClient jdbc, String table) {
		try {
			jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0").query(Long.class).single();
		}
		catch (DataAccessException ex) {
			throw new IllegalStateException("dodo-upsell's table " + table + " is missing or unreadable. Set "
					+ "dodo.upsell.store.initialize-schema=always to create it at start-up, or apply "
					+ "classpath:dev/upsell/store/schema-postgresql.sql (or schema-h2.sql) with Flyway or Liquibase", ex);
		}
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
