/** Implementation of livy4j's Micrometer integration: not a public API. */
package io.github.livy4j.micrometer.internal;
