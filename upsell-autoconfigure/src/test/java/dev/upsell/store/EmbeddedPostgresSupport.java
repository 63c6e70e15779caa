package dev.upsell.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** One real PostgreSQL for the test JVM (embedded, from Maven Central; no Docker), a fresh database per caller. */
public final class EmbeddedPostgresSupport {

	private static EmbeddedPostgres postgres;

	private static final AtomicInteger databases = new AtomicInteger();

	private EmbeddedPostgresSupport() {
	}

	/** A new, empty database on the shared server, as a JDBC URL (user and password {@code postgres}). */
	public static synchronized String newDatabase() {
		try {
			if (postgres == null) {
				postgres = EmbeddedPostgres.builder().start();
				Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresSupport::stop));
			}
			String name = "upsell_test_" + databases.incrementAndGet();
			try (Connection connection = postgres.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE " + name);
			}
			return postgres.getJdbcUrl("postgres", name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A pooled-less data source on a new database. */
	public static DataSource newDataSource() {
		String url = newDatabase();
		org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
		dataSource.setUrl(url);
		dataSource.setUser("postgres");
		dataSource.setPassword("postgres");
		return dataSource;
	}

	private static synchronized void stop() {
		try {
			if (postgres != null) {
				postgres.close();
			}
		}
		catch (IOException ex) {
			// shutting down anyway
		}
	}

}
