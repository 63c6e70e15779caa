package dev.upsell.store;

/**
 * When dodo-upsell creates its tables, with the names and meaning of Boot's {@code DatabaseInitializationMode}
 * (a type of {@code spring-boot-sql}, which hosts without JDBC do not have, so the properties cannot name it).
 */
public enum SchemaInitializationMode {

	/** Only for an embedded database (H2, HSQL, Derby). The default. */
	EMBEDDED,

	/** Always (the scripts are idempotent). */
	ALWAYS,

	/** Never: apply the scripts with Flyway or Liquibase. */
	NEVER

}
