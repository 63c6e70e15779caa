/**
 * The relational store on Spring's JDBC: {@link dev.upsell.store.JdbcOfferRepository} and the tables beside it
 * (settled payments, fulfilment outbox, handled webhook ids), their scripts for PostgreSQL and H2
 * ({@code classpath:dev/upsell/store/schema-*.sql}), {@link dev.upsell.store.UpsellSchemaInitializer}, which
 * applies them through Boot's script initialisation, and the detector that orders the store's beans after every
 * database initializer.
 */
@NullMarked
package dev.upsell.store;

import org.jspecify.annotations.NullMarked;
