package dev.upsell.dodo;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON mapping of Dodo's wire format: snake_case, unknown fields ignored (Dodo adds fields often),
 * unknown enum values read as {@code UNKNOWN}, {@code null} fields left out of requests.
 * <p>
 * The client owns this mapper so that a host's own {@code JsonMapper} settings never change what is sent
 * to Dodo.
 */
public final class DodoJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.annotationIntrospector(new IgnoringUnknownProperties())
		.addModule(new SimpleModule("dodo-times").addDeserializer(Instant.class, new InstantDeserializer()))
		.addModule(new SimpleModule("dodo-records") {

			@Override
			public void setupModule(SetupContext context) {
				super.setupModule(context);
				context.addValueInstantiators(new ReflectiveConstructors());
			}

		})
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(DeserializationFeature.FAIL_ON_MISSING_EXTERNAL_TYPE_ID_PROPERTY)
		.enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private DodoJson() {
	}

	/**
	 * Records are created through {@link Constructor#newInstance}: Jackson 3.1 calls a creator with
	 * {@code MethodHandle.invokeWithArguments}, which builds a spreader for every call and made binding a
	 * webhook's {@code Payment} cost twice its parse.
	 */
	private static final class ReflectiveConstructors implements ValueInstantiators {

		@Override
		public @Nullable ValueInstantiator findValueInstantiator(DeserializationConfig config,
				BeanDescription.Supplier description) {
			return null;
		}

		@Override
		public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
				BeanDescription.Supplier description, ValueInstantiator instantiator) {
			if (instantiator.getClass() == StdValueInstantiator.class
					&& ((StdValueInstantiator) instantiator).getWithArgsCreator() instanceof AnnotatedConstructor creator
					&& creator.getAnnotated().trySetAccessible()) {
				return new ConstructorInstantiator((StdValueInstantiator) instantiator, creator.getAnnotated());
			}
			return instantiator;
		}

	}

	/** A {@link StdValueInstantiator} that calls its creator constructor by reflection. */
	private static final class ConstructorInstantiator extends StdValueInstantiator {

		private final Constructor<?> constructor;

		ConstructorInstantiator(StdValueInstantiator source, Constructor<?> constructor) {
			super(source);
			this.constructor = constructor;
		}

		@Override
		public Object createFromObjectWith(DeserializationContext context, Object[] arguments) {
			try {
				return this.constructor.newInstance(arguments);
			}
			catch (InvocationTargetException ex) {
				throw rewrapCtorProblem(context, ex.getCause());
			}
			catch (ReflectiveOperationException | IllegalArgumentException ex) {
				throw rewrapCtorProblem(context, ex);
			}
		}

	}

	/** Dodo's times, read by {@link Rfc3339Time}; an unreadable one fails as Jackson's own reader would. */
	private static final class InstantDeserializer extends ValueDeserializer<Instant> {

		@Override
		public Instant deserialize(JsonParser parser, DeserializationContext context) {
			String text = parser.getValueAsString();
			Instant instant = (text != null) ? Rfc3339Time.parse(text) : null;
			if (instant == null) {
				return (Instant) context.handleWeirdStringValue(Instant.class, String.valueOf(text),
						"not an RFC 3339 time");
			}
			return instant;
		}

	}

	/**
	 * Every type ignores unknown properties as if annotated {@code @JsonIgnoreProperties(ignoreUnknown = true)}:
	 * they are skipped as they are read. ({@code FAIL_ON_UNKNOWN_PROPERTIES} off alone still buffers each unknown
	 * property of a record, to hand it to problem handlers after the constructor ran: a webhook's unknown fields
	 * then cost more than parsing the rest.)
	 */
	private static final class IgnoringUnknownProperties extends JacksonAnnotationIntrospector {

		@Override
		public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
			return JsonIgnoreProperties.Value.forIgnoreUnknown(true)
				.withOverrides(super.findPropertyIgnoralByName(config, annotated));
		}

	}

	/** The shared, immutable mapper for Dodo's wire format. */
	public static JsonMapper mapper() {
		return MAPPER;
	}

}
