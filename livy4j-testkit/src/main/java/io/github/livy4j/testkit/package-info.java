/**
 * A fake Livy server for tests: {@link io.github.livy4j.testkit.FakeLivy},
 * {@link io.github.livy4j.testkit.VirtualTime}, scripted results and faults.
 */
package io.github.livy4j.testkit;
