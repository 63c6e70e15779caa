/**
 * The relational store: schema scripts for PostgreSQL and H2 (in {@code classpath:dev/upsell/store/}) and
 * {@link dev.upsell.store.UpsellSchemaInitializer}, which applies them at start-up when asked to.
 */
@NullMarked
package dev.upsell.store;

import org.jspecify.annotations.NullMarked;
