package dev.upsell.test.simulator;

/**
 * A simulated subscription addon (e.g. extra seats), priced per billing period.
 *
 * @param addonId the addon id
 * @param name display name
 * @param price price per period in minor units
 * @param currency ISO 4217 currency
 */
public record SimAddon(String addonId, String name, long price, String currency) {
}
