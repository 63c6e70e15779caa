package dev.upsell.test.simulator;

/**
 * The simulator's default data set: a customer for each case a one-click flow meets, an upsell ladder of
 * one-time products, and a Basic / Pro / Team subscription ladder. The constants name the ids.
 */
public final class DemoData {

	/** Visa •••• 4242, valid, USD: one-click charges succeed. */
	public static final String ALICE = "cus_alice";

	/** Mastercard •••• 4444, valid, USD. */
	public static final String BOB = "cus_bob";

	/** A card that expired in January 2024. */
	public static final String EXPIRED_CARD_CUSTOMER = "cus_expired";

	/** A card that is always declined ({@code CARD_DECLINED}). */
	public static final String DECLINING_CARD_CUSTOMER = "cus_declining";

	/** A card issued in Germany that charges EUR only. */
	public static final String EUR_CARD_CUSTOMER = "cus_eur";

	/** A Visa whose bank asks for 3-D Secure on every charge ({@link CardBehaviour#REQUIRES_AUTHENTICATION}). */
	public static final String SCA_CARD_CUSTOMER = "cus_sca";

	/** No saved payment method at all. */
	public static final String NO_CARD_CUSTOMER = "cus_nocard";

	/** One-time: the course (4900 USD), what customers buy first. */
	public static final String COURSE = "prod_course";

	/** One-time: 1:1 coaching (9900 USD), the upsell after the course. */
	public static final String COACHING = "prod_coaching";

	/** One-time: the workbook (1900 USD), the downsell after coaching is declined. */
	public static final String WORKBOOK = "prod_workbook";

	/** One-time: templates (2900 USD), a cross-sell. */
	public static final String TEMPLATES = "prod_templates";

	/** Monthly: Basic, 3000 USD. */
	public static final String BASIC = "prod_basic";

	/** Monthly: Pro, 8000 USD. */
	public static final String PRO = "prod_pro";

	/** Monthly: Team, 15000 USD. */
	public static final String TEAM = "prod_team";

	/** Yearly: Basic billed once a year, 30000 USD (two months cheaper than twelve of Basic). */
	public static final String BASIC_YEARLY = "prod_basic_yearly";

	/** Monthly: Pro priced in EUR, 7500. */
	public static final String PRO_EUR = "prod_pro_eur";

	/** Alice's active Basic subscription. */
	public static final String ALICE_SUBSCRIPTION = "sub_alice_basic";

	/** Bob's active Pro subscription. */
	public static final String BOB_SUBSCRIPTION = "sub_bob_pro";

	/** An on-hold Basic subscription (of the declining-card customer). */
	public static final String ON_HOLD_SUBSCRIPTION = "sub_on_hold";

	/** A Basic subscription of the customer whose card needs 3-D Secure: a plan change waits for the bank. */
	public static final String SCA_SUBSCRIPTION = "sub_sam_basic";

	/** A cancelled Basic subscription (of the expired-card customer). */
	public static final String CANCELLED_SUBSCRIPTION = "sub_cancelled";

	private DemoData() {
	}

	/**
	 * Adds the demo data to a simulator.
	 * @param dodo the simulator
	 */
	public static void seed(DodoSimulator dodo) {
		dodo.product(SimProduct.oneTime(COURSE, "Course", 4900, "USD"))
			.product(SimProduct.oneTime(COACHING, "1:1 Coaching", 9900, "USD"))
			.product(SimProduct.oneTime(WORKBOOK, "Workbook", 1900, "USD"))
			.product(SimProduct.oneTime(TEMPLATES, "Templates", 2900, "USD"))
			.product(SimProduct.monthly(BASIC, "Basic", 3000, "USD"))
			.product(SimProduct.monthly(PRO, "Pro", 8000, "USD"))
			.product(SimProduct.monthly(TEAM, "Team", 15000, "USD"))
			.product(new SimProduct(BASIC_YEARLY, "Basic, yearly", 30000, "USD", true, "Year"))
			.product(SimProduct.monthly(PRO_EUR, "Pro (EUR)", 7500, "EUR"));
		dodo.customer(ALICE, "alice@example.com", "Alice", SimCard.working("pm_alice_visa"))
			.customer(BOB, "bob@example.com", "Bob", SimCard.working("pm_bob_mc").network("Mastercard", "4444"))
			.customer(EXPIRED_CARD_CUSTOMER, "expired@example.com", "Eve Expired",
					SimCard.working("pm_expired").expiring(1, 2024))
			.customer(DECLINING_CARD_CUSTOMER, "declined@example.com", "Dan Declined",
					SimCard.working("pm_declining").network("Visa", "0002").behaving(CardBehaviour.DECLINES))
			.customer(EUR_CARD_CUSTOMER, "eur@example.com", "Erika Euro",
					SimCard.working("pm_eur").issuedIn("DE", "EUR"))
			.customer(SCA_CARD_CUSTOMER, "sca@example.com", "Sam Secure",
					SimCard.working("pm_sca").network("Visa", "3155").behaving(CardBehaviour.REQUIRES_AUTHENTICATION))
			.customer(NO_CARD_CUSTOMER, "nocard@example.com", "Nora Nocard");
		dodo.subscription(ALICE_SUBSCRIPTION, ALICE, BASIC)
			.subscription(BOB_SUBSCRIPTION, BOB, PRO)
			.subscription(SCA_SUBSCRIPTION, SCA_CARD_CUSTOMER, BASIC)
			.subscription(ON_HOLD_SUBSCRIPTION, DECLINING_CARD_CUSTOMER, BASIC)
			.subscriptionStatus(ON_HOLD_SUBSCRIPTION, "on_hold")
			.subscription(CANCELLED_SUBSCRIPTION, EXPIRED_CARD_CUSTOMER, BASIC)
			.subscriptionStatus(CANCELLED_SUBSCRIPTION, "cancelled");
	}

}
