/**
 * Spring test support: {@link dev.upsell.test.spring.EnableDodoSimulator} runs a Dodo simulator for a test
 * application context and points dodo-upsell at it.
 */
@NullMarked
package dev.upsell.test.spring;

import org.jspecify.annotations.NullMarked;
