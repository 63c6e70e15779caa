package dev.upsell.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import dev.upsell.offer.MutableClock;
import dev.upsell.webhook.DodoEvent;
import dev.upsell.webhook.WebhookAnswered;

/** A host app for end-to-end tests: the signed-in customer comes from a test header. */
@SpringBootConfiguration
@EnableAutoConfiguration
class UpsellTestApplication {

	@Bean
	CustomerIdResolver customerIdResolver() {
		return (request) -> Optional.ofNullable(request.getHeader("X-Test-Customer"));
	}

	@Bean
	MutableClock clock() {
		return new MutableClock(Instant.now());
	}

	@Bean
	ReceivedEvents receivedEvents() {
		return new ReceivedEvents();
	}

	/** What a host's {@code @EventListener} sees. */
	static class ReceivedEvents {

		final List<DodoEvent> events = new CopyOnWriteArrayList<>();

		final List<WebhookAnswered> answers = new CopyOnWriteArrayList<>();

		@EventListener
		void on(DodoEvent event) {
			this.events.add(event);
		}

		@EventListener
		void on(WebhookAnswered answered) {
			this.answers.add(answered);
		}

	}

	static Clock systemClock() {
		return Clock.systemUTC();
	}

}
