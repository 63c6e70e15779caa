package dev.upsell.store;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Which database a store writes to, read from the connection's metadata once, on first use (not at construction:
 * the database may not be up yet when the context starts).
 */
final class DatabasePlatform {

	private final DataSource dataSource;

	private volatile @Nullable Boolean postgreSql;

	DatabasePlatform(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Whether it is PostgreSQL (its {@code WITH … UPDATE … RETURNING} lets a change and its record be one statement). */
	boolean isPostgreSql() {
		Boolean known = this.postgreSql;
		if (known == null) {
			try {
				String product = JdbcUtils.extractDatabaseMetaData(this.dataSource,
						DatabaseMetaData::getDatabaseProductName);
				known = "PostgreSQL".equals(product);
			}
			catch (MetaDataAccessException ex) {
				// not known now: the portable path this time, asked again next time
				return false;
			}
			this.postgreSql = known;
		}
		return known;
	}

}
