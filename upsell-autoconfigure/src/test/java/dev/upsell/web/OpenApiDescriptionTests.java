package dev.upsell.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.upsell.offer.InMemoryOfferRepository;
import dev.upsell.offer.Offer;
import dev.upsell.offer.OfferService;
import dev.upsell.offer.TestPurchases;
import dev.upsell.test.simulator.DemoData;
import dev.upsell.test.simulator.DodoSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.yaml} against the real endpoints: every {@code /upsell} mapping is described and every
 * described operation exists, and 37 real answers (success and error, each status a client meets) have a documented
 * status, content type and body (required properties present, no undocumented ones, enums respected).
 */
@UpsellWebTest({ "dodo.upsell.offers.rules[0].id=coaching",
		"dodo.upsell.offers.rules[0].trigger-product=prod_course",
		"dodo.upsell.offers.rules[0].offer-product=prod_coaching",
		"dodo.upsell.offers.rules[0].downsell-product=prod_workbook", "dodo.upsell.retention.enabled=true",
		"dodo.upsell.retention.offers[0].id=free-month", "dodo.upsell.retention.offers[0].kind=extend",
		"dodo.upsell.retention.offers[0].days=30", "dodo.upsell.triggered.offers[0].id=pro-now",
		"dodo.upsell.triggered.offers[0].moment=billing-page", "dodo.upsell.triggered.offers[0].product=prod_team",
		"dodo.upsell.triggered.offers[0].discount.percent-off=25", "dodo.upsell.checkout.bumps[0].id=templates",
		"dodo.upsell.checkout.bumps[0].product=prod_templates", "dodo.upsell.checkout.bumps[0].cart-contains=prod_course",
		"dodo.upsell.checkout.bumps[0].discount.percent-off=10" })
class OpenApiDescriptionTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final JsonNode SPEC = load();

	@Autowired
	RestTestClient http;

	@Autowired
	DodoSimulator dodo;

	@Autowired
	OfferService offers;

	@Autowired
	InMemoryOfferRepository repository;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private final List<String> checked = new ArrayList<>();

	@BeforeEach
	void reset() {
		this.dodo.reset();
		this.repository.clear();
	}

	@Test
	void everyUpsellEndpointIsDescribedAndEveryDescribedOperationExists() {
		Set<String> served = new TreeSet<>();
		this.mappings.getHandlerMethods().keySet().forEach((info) -> info.getPatternValues().stream()
			.filter((pattern) -> pattern.startsWith("/upsell"))
			.forEach((pattern) -> info.getMethodsCondition().getMethods()
				.forEach((method) -> served.add(method.name() + " " + pattern))));
		Set<String> described = new TreeSet<>();
		SPEC.path("paths").properties().forEach((path) -> path.getValue().properties()
			.forEach((operation) -> described.add(operation.getKey().toUpperCase() + " " + path.getKey())));
		assertThat(described).isEqualTo(served);
	}

	@Test
	void realAnswersHaveADescribedStatusContentTypeAndBody() {
		Offer alices = present(DemoData.ALICE);
		call(HttpMethod.GET, "/upsell/offers", "/upsell/offers", DemoData.ALICE, null, 200);
		call(HttpMethod.GET, "/upsell/offers", "/upsell/offers", null, null, 401);
		call(HttpMethod.POST, "/upsell/offers/" + alices.id() + "/accept", "/upsell/offers/{id}/accept", DemoData.ALICE, null, 200);
		call(HttpMethod.POST, "/upsell/offers/" + alices.id() + "/accept", "/upsell/offers/{id}/accept", DemoData.ALICE, null, 409);
		call(HttpMethod.POST, "/upsell/offers/off_00000000000000000000000000000000/accept", "/upsell/offers/{id}/accept",
				DemoData.ALICE, null, 404);
		call(HttpMethod.POST, "/upsell/offers/not-an-id/accept", "/upsell/offers/{id}/accept", DemoData.ALICE, null, 400);
		Offer nora = present(DemoData.NO_CARD_CUSTOMER);
		call(HttpMethod.POST, "/upsell/offers/" + nora.id() + "/accept", "/upsell/offers/{id}/accept",
				DemoData.NO_CARD_CUSTOMER, null, 422);
		Offer sams = present(DemoData.SCA_CARD_CUSTOMER);
		call(HttpMethod.POST, "/upsell/offers/" + sams.id() + "/accept", "/upsell/offers/{id}/accept",
				DemoData.SCA_CARD_CUSTOMER, null, 202);
		Offer bobs = present(DemoData.BOB);
		call(HttpMethod.POST, "/upsell/offers/" + bobs.id() + "/decline", "/upsell/offers/{id}/decline", DemoData.BOB, null, 200);
		call(HttpMethod.POST, "/upsell/offers/" + bobs.id() + "/accept", "/upsell/offers/{id}/accept", DemoData.BOB, null, 410);
		call(HttpMethod.POST, "/upsell/offers/" + alices.id() + "/decline", "/upsell/offers/{id}/decline", DemoData.ALICE, null, 409);

		String change = "{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\"}";
		call(HttpMethod.POST, "/upsell/plan-changes/preview", "/upsell/plan-changes/preview", DemoData.ALICE, change, 200);
		call(HttpMethod.POST, "/upsell/plan-changes/preview", "/upsell/plan-changes/preview", DemoData.ALICE,
				"{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_pro\",\"quantity\":2.5}", 400);
		call(HttpMethod.POST, "/upsell/plan-changes/preview", "/upsell/plan-changes/preview", DemoData.ALICE,
				"{\"subscription_id\":\"sub_nobody\",\"product_id\":\"prod_pro\"}", 404);
		call(HttpMethod.POST, "/upsell/plan-changes", "/upsell/plan-changes", DemoData.ALICE, change, 200);
		call(HttpMethod.POST, "/upsell/plan-changes/preview", "/upsell/plan-changes/preview", DemoData.ALICE,
				MediaType.TEXT_PLAIN, "subscription_id=sub_alice_basic".getBytes(StandardCharsets.UTF_8), 415);
		byte[] large = new byte[64 * 1024];
		java.util.Arrays.fill(large, (byte) ' ');
		call(HttpMethod.POST, "/upsell/plan-changes", "/upsell/plan-changes", DemoData.ALICE, MediaType.APPLICATION_JSON,
				large, 413);

		String flow = retentionFlow(DemoData.BOB, DemoData.BOB_SUBSCRIPTION);
		call(HttpMethod.GET, "/upsell/retention/flows/" + flow, "/upsell/retention/flows/{id}", DemoData.BOB, null, 200);
		call(HttpMethod.GET, "/upsell/retention/flows/" + flow, "/upsell/retention/flows/{id}", DemoData.ALICE, null, 404);
		call(HttpMethod.POST, "/upsell/retention/flows/" + flow + "/reason", "/upsell/retention/flows/{id}/reason",
				DemoData.BOB, "{\"reason\":\"bored\"}", 400);
		call(HttpMethod.POST, "/upsell/retention/flows/" + flow + "/reason", "/upsell/retention/flows/{id}/reason",
				DemoData.BOB, "{\"reason\":\"too_expensive\",\"comment\":\"pricey\"}", 200);
		call(HttpMethod.POST, "/upsell/retention/flows/" + flow + "/accept", "/upsell/retention/flows/{id}/accept",
				DemoData.BOB, null, 200);
		call(HttpMethod.POST, "/upsell/retention/flows/" + flow + "/cancel", "/upsell/retention/flows/{id}/cancel",
				DemoData.BOB, null, 409);
		call(HttpMethod.POST, "/upsell/retention/flows", "/upsell/retention/flows", DemoData.BOB,
				"{\"subscription_id\":\"sub_nobody\"}", 404);
		String other = retentionFlow(DemoData.SCA_CARD_CUSTOMER, DemoData.SCA_SUBSCRIPTION);
		call(HttpMethod.POST, "/upsell/retention/flows/" + other + "/cancel", "/upsell/retention/flows/{id}/cancel",
				DemoData.SCA_CARD_CUSTOMER, null, 200);
		call(HttpMethod.POST, "/upsell/retention/flows", "/upsell/retention/flows", DemoData.SCA_CARD_CUSTOMER,
				"{\"subscription_id\":\"" + DemoData.SCA_SUBSCRIPTION + "\"}", 409);

		String moment = "{\"subscription_id\":\"sub_alice_basic\"}";
		call(HttpMethod.POST, "/upsell/moments/billing-page", "/upsell/moments/{moment}", DemoData.ALICE, moment, 200);
		call(HttpMethod.POST, "/upsell/moments/renewal", "/upsell/moments/{moment}", DemoData.ALICE, moment, 400);
		call(HttpMethod.POST, "/upsell/moments/billing-page", "/upsell/moments/{moment}", null, moment, 401);
		String planOffer = this.repository.findByCustomer(DemoData.ALICE).stream()
			.filter((offer) -> offer.ruleId().equals("pro-now")).findFirst().orElseThrow().id();
		call(HttpMethod.POST, "/upsell/plan-changes/preview", "/upsell/plan-changes/preview", DemoData.ALICE,
				"{\"subscription_id\":\"sub_alice_basic\",\"product_id\":\"prod_team\",\"offer_id\":\"" + planOffer
						+ "\"}", 200);
		String cart = "{\"cart\":[{\"product_id\":\"prod_course\",\"quantity\":1}]";
		call(HttpMethod.POST, "/upsell/bumps", "/upsell/bumps", DemoData.BOB, cart + "}", 200);
		call(HttpMethod.POST, "/upsell/bumps", "/upsell/bumps", DemoData.BOB, "{\"cart\":[]}", 400);
		String bump = this.repository.findByCustomer(DemoData.BOB).stream()
			.filter((offer) -> offer.ruleId().equals("templates")).findFirst().orElseThrow().id();
		String ticked = cart + ",\"bumps\":[\"" + bump + "\"]}";
		call(HttpMethod.POST, "/upsell/bumps/checkout", "/upsell/bumps/checkout", DemoData.ALICE, ticked, 404);
		call(HttpMethod.POST, "/upsell/bumps/checkout", "/upsell/bumps/checkout", DemoData.BOB, cart + "}", 201);
		call(HttpMethod.POST, "/upsell/bumps/checkout", "/upsell/bumps/checkout", DemoData.BOB, ticked, 410);
		assertThat(this.checked).hasSize(37);
	}

	/** Starts a retention flow, checking the 201 against its description. */
	private String retentionFlow(String customer, String subscription) {
		call(HttpMethod.POST, "/upsell/retention/flows", "/upsell/retention/flows", customer,
				"{\"subscription_id\":\"" + subscription + "\"}", 201);
		return (String) this.http.post()
			.uri("/upsell/retention/flows")
			.header("X-Test-Customer", customer)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"subscription_id\":\"" + subscription + "\"}")
			.exchange()
			.expectBody(java.util.Map.class)
			.returnResult()
			.getResponseBody()
			.get("flow_id");
	}

	private Offer present(String customerId) {
		return this.offers.present(customerId, DemoData.COURSE, TestPurchases.of("order_" + customerId)).get(0);
	}

	/** Calls an endpoint with a JSON body (or none) and checks the answer against its description. */
	private void call(HttpMethod method, String uri, String path, String customer, String body, int expected) {
		call(method, uri, path, customer, MediaType.APPLICATION_JSON,
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null, expected);
	}

	/** Calls an endpoint and checks the answer against the description of its operation. */
	private void call(HttpMethod method, String uri, String path, String customer, MediaType contentType, byte[] body,
			int expected) {
		RestTestClient.RequestBodySpec request = this.http.method(method).uri(uri);
		if (customer != null) {
			request.header("X-Test-Customer", customer);
		}
		if (body != null) {
			request.contentType(contentType).body(body);
		}
		EntityExchangeResult<byte[]> result = request.exchange().expectBody().returnResult();
		String what = method + " " + uri + " -> " + result.getStatus().value();
		assertThat(result.getStatus().value()).as(what).isEqualTo(expected);
		JsonNode operation = SPEC.path("paths").path(path).path(method.name().toLowerCase());
		assertThat(operation.isMissingNode()).as(what + ": operation described").isFalse();
		JsonNode response = resolve(operation.path("responses").path(Integer.toString(expected)));
		assertThat(response.isMissingNode()).as(what + ": status described").isFalse();
		MediaType answered = result.getResponseHeaders().getContentType();
		assertThat(answered).as(what).isNotNull();
		String type = answered.getType() + "/" + answered.getSubtype();
		JsonNode schema = response.path("content").path(type).path("schema");
		assertThat(schema.isMissingNode()).as(what + ": content type " + type + " described").isFalse();
		List<String> errors = new ArrayList<>();
		validate(json.readTree(result.getResponseBody()), schema, "$", errors);
		assertThat(errors).as(what).isEmpty();
		this.checked.add(what);
	}

	/** A small JSON Schema check: $ref, allOf, oneOf, type (with null), enum, required, properties, items. */
	private static void validate(JsonNode value, JsonNode reference, String where, List<String> errors) {
		JsonNode schema = resolve(reference);
		for (JsonNode part : schema.path("allOf")) {
			validate(value, part, where, errors);
		}
		if (schema.has("oneOf")) {
			long matching = 0;
			for (JsonNode option : schema.path("oneOf")) {
				List<String> optionErrors = new ArrayList<>();
				validate(value, option, where, optionErrors);
				matching += optionErrors.isEmpty() ? 1 : 0;
			}
			if (matching != 1) {
				errors.add(where + ": matches " + matching + " of oneOf");
			}
			return;
		}
		List<String> types = new ArrayList<>();
		schema.path("type").forEach((type) -> types.add(type.asString()));
		if (schema.path("type").isString()) {
			types.add(schema.path("type").asString());
		}
		if (!types.isEmpty() && types.stream().noneMatch((type) -> is(value, type))) {
			errors.add(where + ": " + value.getNodeType() + " is not " + types);
			return;
		}
		if (schema.has("enum") && value.isString()) {
			boolean listed = false;
			for (JsonNode option : schema.path("enum")) {
				listed |= option.asString().equals(value.asString());
			}
			if (!listed) {
				errors.add(where + ": '" + value.asString() + "' is not in " + schema.path("enum"));
			}
		}
		if (value.isArray()) {
			value.forEach((item) -> validate(item, schema.path("items"), where + "[]", errors));
		}
		if (value.isObject()) {
			schema.path("required").forEach((name) -> {
				if (!value.has(name.asString())) {
					errors.add(where + ": lacks required '" + name.asString() + "'");
				}
			});
			JsonNode properties = schema.path("properties");
			value.properties().forEach((property) -> {
				JsonNode described = properties.path(property.getKey());
				if (!described.isMissingNode()) {
					validate(property.getValue(), described, where + "." + property.getKey(), errors);
				}
				else if (schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean()) {
					errors.add(where + ": undocumented property '" + property.getKey() + "'");
				}
			});
		}
	}

	private static boolean is(JsonNode value, String type) {
		return switch (type) {
			case "null" -> value.isNull();
			case "object" -> value.isObject();
			case "array" -> value.isArray();
			case "string" -> value.isString();
			case "integer" -> value.isIntegralNumber();
			case "number" -> value.isNumber();
			case "boolean" -> value.isBoolean();
			default -> false;
		};
	}

	private static JsonNode resolve(JsonNode node) {
		while (node.has("$ref")) {
			JsonNode target = SPEC;
			for (String part : node.path("$ref").asString().substring(2).split("/")) {
				target = target.path(part);
			}
			node = target;
		}
		return node;
	}

	private static JsonNode load() {
		Path here = Path.of("").toAbsolutePath();
		while (here != null && !Files.exists(here.resolve("docs/openapi.yaml"))) {
			here = here.getParent();
		}
		try {
			Object yaml = new Yaml().load(Files.readString(here.resolve("docs/openapi.yaml")));
			return json.valueToTree((Map<?, ?>) yaml);
		}
		catch (Exception ex) {
			throw new IllegalStateException("docs/openapi.yaml cannot be read", ex);
		}
	}

}
