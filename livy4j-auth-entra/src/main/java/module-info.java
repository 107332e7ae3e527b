/**
 * Microsoft Entra ID token providers and web sign-in for livy4j.
 *
 * <p>{@code EntraTokenProviders.credential} takes azure-core's {@code TokenCredential}, so a
 * module that requires this one reads azure-core too.
 */
module io.github.livy4j.auth.entra {
  requires transitive io.github.livy4j.core;
  requires transitive com.azure.core;
  requires com.azure.identity;
  requires com.microsoft.aad.msal4j;
  requires com.nimbusds.jose.jwt;
  requires com.fasterxml.jackson.databind;

  exports io.github.livy4j.auth.entra;
}
