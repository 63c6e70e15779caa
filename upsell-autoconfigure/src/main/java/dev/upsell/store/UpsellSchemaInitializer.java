package dev.upsell.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.util.StreamUtils;

/**
 * Creates dodo-upsell's tables at start-up, like Boot's {@code spring.sql.init.mode}: {@code embedded} (the
 * default) only for an embedded database, {@code always}, or {@code never} (apply the scripts with Flyway or
 * Liquibase). The scripts are idempotent ({@code IF NOT EXISTS}).
 */
public final class UpsellSchemaInitializer implements InitializingBean {

	private static final Log logger = LogFactory.getLog(UpsellSchemaInitializer.class);

	private static final String SCRIPT_PREFIX = "upsell_";

	private final DataSource dataSource;

	private final Mode mode;

	private final String tablePrefix;

	/**
	 * Creates the initializer.
	 * @param dataSource the database
	 * @param mode when to create the tables
	 * @param tablePrefix prefix of the table names (the scripts use {@code upsell_})
	 */
	public UpsellSchemaInitializer(DataSource dataSource, Mode mode, String tablePrefix) {
		if (!tablePrefix.matches("[A-Za-z_][A-Za-z0-9_]{0,40}")) {
			throw new IllegalArgumentException("dodo.upsell.store.table-prefix must be letters, digits and '_', not '"
					+ tablePrefix + "'");
		}
		this.dataSource = dataSource;
		this.mode = mode;
		this.tablePrefix = tablePrefix;
	}

	@Override
	public void afterPropertiesSet() {
		boolean run = switch (this.mode) {
			case ALWAYS -> true;
			case NEVER -> false;
			case EMBEDDED -> EmbeddedDatabaseConnection.isEmbedded(this.dataSource);
		};
		if (run) {
			String script = script();
			new ResourceDatabasePopulator(new ByteArrayResource(load(script)
				.replace(SCRIPT_PREFIX, this.tablePrefix)
				.getBytes(StandardCharsets.UTF_8))).execute(this.dataSource);
			logger.info("dodo-upsell tables ready (" + script + ", prefix " + this.tablePrefix + ")");
		}
	}

	private String script() {
		try (Connection connection = this.dataSource.getConnection()) {
			String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			return product.contains("h2") ? "schema-h2.sql" : "schema-postgresql.sql";
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot reach the database to create dodo-upsell's tables", ex);
		}
	}

	private static String load(String script) {
		try {
			return StreamUtils.copyToString(new ClassPathResource("dev/upsell/store/" + script).getInputStream(),
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** When to create the tables. */
	public enum Mode {

		/** Only for an embedded database (H2, HSQL, Derby). */
		EMBEDDED,

		/** Always (the scripts are idempotent). */
		ALWAYS,

		/** Never: apply the scripts yourself. */
		NEVER

	}

}
