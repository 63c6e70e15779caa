/**
 * The {@link dev.upsell.dodo.DodoClient} on Spring's {@code RestClient}: {@link dev.upsell.restclient.RestDodoClient},
 * its settings, the error decoder, the retry of reads (money-moving POSTs are sent once) and its observation.
 */
@NullMarked
package dev.upsell.restclient;

import org.jspecify.annotations.NullMarked;
