package io.github.livy4j.internal.http;

import io.github.livy4j.internal.observe.Observers;
import io.github.livy4j.spi.Throttling;
import java.time.Clock;
import java.time.Duration;

/**
 * The parts every exchange of a transport shares: what it asks for each attempt (request,
 * token) and what it decides after it (retry or fail), whichever driver sends it.
 *
 * @param clock the clock, for deadlines and dates in answers
 * @param requestTimeout the per-request timeout
 * @param observers who is told of each attempt
 * @param auth the bearer tokens
 * @param requests builds each attempt's request
 * @param retry decides on retries
 * @param throttling the backend's reading of answers that turn requests away
 */
record Pipeline(
    Clock clock,
    Duration requestTimeout,
    Observers observers,
    BearerAuth auth,
    RequestFactory requests,
    RetryPolicy retry,
    Throttling throttling) {}
