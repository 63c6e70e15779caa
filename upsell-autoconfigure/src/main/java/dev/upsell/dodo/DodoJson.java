package dev.upsell.dodo;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of Dodo's wire format: snake_case, unknown fields ignored (Dodo adds fields often),
 * unknown enum values read as {@code UNKNOWN}, {@code null} fields left out of requests.
 * <p>
 * The client owns this mapper so that a host's own {@code JsonMapper} settings never change what is sent
 * to Dodo.
 */
public final class DodoJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(DeserializationFeature.FAIL_ON_MISSING_EXTERNAL_TYPE_ID_PROPERTY)
		.enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private DodoJson() {
	}

	/** The shared, immutable mapper for Dodo's wire format. */
	public static JsonMapper mapper() {
		return MAPPER;
	}

}
