package dev.upsell.plan.internal;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.upsell.dodo.PlanChangeRequest;

/** An add-on list as one stored text: {@code addon_id:quantity,addon_id:quantity}; an empty text is no add-ons. */
public final class Addons {

	private Addons() {
	}

	/**
	 * The text of a list.
	 * @param addons the list
	 * @return the text
	 */
	public static String write(List<PlanChangeRequest.Addon> addons) {
		return addons.stream().map((addon) -> addon.addonId() + ":" + addon.quantity()).collect(Collectors.joining(","));
	}

	/**
	 * The list of a text.
	 * @param text the text
	 * @return the list
	 * @throws IllegalArgumentException for a text not written by {@link #write}
	 */
	public static List<PlanChangeRequest.Addon> read(String text) {
		if (text.isEmpty()) {
			return List.of();
		}
		return Arrays.stream(text.split(",")).map((entry) -> {
			int colon = entry.lastIndexOf(':');
			if (colon < 1) {
				throw new IllegalArgumentException("Not an add-on entry: " + entry);
			}
			return new PlanChangeRequest.Addon(entry.substring(0, colon), Integer.parseInt(entry.substring(colon + 1)));
		}).toList();
	}

}
