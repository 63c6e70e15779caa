package dev.upsell.restclient;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of each Dodo call. Declare a bean to replace
 * {@link DefaultDodoRequestObservationConvention} (e.g. to add a tag, or to rename the meter).
 */
public interface DodoRequestObservationConvention extends ObservationConvention<DodoRequestObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DodoRequestObservationContext;
	}

}
