/**
 * A small typed client for the parts of the Dodo Payments REST API that dodo-upsell needs.
 * {@link dev.upsell.dodo.DodoClient} is the port; {@code dev.upsell.restclient.RestDodoClient} (in the starter) implements it on
 * Spring's {@code RestClient}. Only reads are retried: money-moving POSTs are sent exactly once.
 */
@NullMarked
package dev.upsell.dodo;

import org.jspecify.annotations.NullMarked;
