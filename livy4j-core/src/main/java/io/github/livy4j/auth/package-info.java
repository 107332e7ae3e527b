/**
 * Bearer tokens: the {@link io.github.livy4j.auth.TokenProvider} livy4j asks before every
 * request, and ready-made providers in {@link io.github.livy4j.auth.TokenProviders}.
 */
package io.github.livy4j.auth;
