/**
 * JUnit 5 support: {@link dev.upsell.test.junit.DodoSimulatorExtension} runs a Dodo simulator for a test class.
 */
@NullMarked
package dev.upsell.test.junit;

import org.jspecify.annotations.NullMarked;
