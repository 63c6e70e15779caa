/**
 * Optional HTTP endpoints for offers ({@code /upsell/offers}), active when the host names the signed-in
 * customer with a {@link dev.upsell.web.CustomerIdResolver}. Errors are RFC 9457 problem details.
 */
@NullMarked
package dev.upsell.web;

import org.jspecify.annotations.NullMarked;
