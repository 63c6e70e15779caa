package dev.upsell.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;

/**
 * Creates dodo-upsell's tables with Boot's script initialisation, as {@code spring-session-jdbc} does:
 * {@code classpath:dev/upsell/store/schema-@@platform@@.sql}, the platform resolved from the
 * {@code DataSource} (PostgreSQL and H2 ship; any other database fails naming the script it looked for), run
 * per {@link SchemaInitializationMode}. Boot detects it as a database initializer: it runs after Flyway and
 * Liquibase, and the JDBC store's beans run after it (see {@link UpsellStoreDependsOnDatabaseInitializationDetector}).
 * With a table prefix other than {@code upsell_}, the scripts' names are rewritten as they are run.
 */
public class UpsellSchemaInitializer extends PropertiesBasedDataSourceScriptDatabaseInitializer<DatabaseInitializationProperties> {

	/** Where the scripts are, {@code @@platform@@} standing for {@code postgresql} or {@code h2}. */
	public static final String DEFAULT_SCHEMA_LOCATION = "classpath:dev/upsell/store/schema-@@platform@@.sql";

	private static final String SCRIPT_PREFIX = "upsell_";

	private final String tablePrefix;

	/**
	 * Creates the initializer.
	 * @param dataSource the database
	 * @param mode when to create the tables
	 * @param tablePrefix prefix of the table names (the scripts use {@code upsell_})
	 * @param schema the script location, or {@code null} for {@link #DEFAULT_SCHEMA_LOCATION}
	 * @param platform the platform in {@code @@platform@@}, or {@code null} to detect it
	 */
	public UpsellSchemaInitializer(DataSource dataSource, SchemaInitializationMode mode, String tablePrefix,
			@Nullable String schema, @Nullable String platform) {
		super(dataSource, settings(mode, schema, platform));
		if (!tablePrefix.matches("[A-Za-z_][A-Za-z0-9_]{0,40}")) {
			throw new IllegalArgumentException("dodo.upsell.store.table-prefix must be letters, digits and '_'");
		}
		this.tablePrefix = tablePrefix;
	}

	@Override
	protected void runScripts(Scripts scripts) {
		if (SCRIPT_PREFIX.equals(this.tablePrefix)) {
			super.runScripts(scripts);
			return;
		}
		List<Resource> renamed = new ArrayList<>();
		for (Resource script : scripts) {
			renamed.add(new ByteArrayResource(read(script).replace(SCRIPT_PREFIX, this.tablePrefix)
				.getBytes(StandardCharsets.UTF_8), script.getDescription()));
		}
		super.runScripts(new Scripts(renamed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(scripts.getEncoding()));
	}

	private static String read(Resource script) {
		try {
			return StreamUtils.copyToString(script.getInputStream(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static DatabaseInitializationProperties settings(SchemaInitializationMode mode, @Nullable String schema,
			@Nullable String platform) {
		DatabaseInitializationProperties properties = new DatabaseInitializationProperties() {

			@Override
			public String getDefaultSchemaLocation() {
				return DEFAULT_SCHEMA_LOCATION;
			}

		};
		properties.setInitializeSchema(DatabaseInitializationMode.valueOf(mode.name()));
		properties.setSchema((schema != null) ? schema : DEFAULT_SCHEMA_LOCATION);
		properties.setPlatform(platform);
		return properties;
	}

}
