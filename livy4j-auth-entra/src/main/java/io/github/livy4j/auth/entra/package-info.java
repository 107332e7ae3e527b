/**
 * Microsoft Entra ID token providers: {@link io.github.livy4j.auth.entra.EntraTokenProviders}.
 */
package io.github.livy4j.auth.entra;
