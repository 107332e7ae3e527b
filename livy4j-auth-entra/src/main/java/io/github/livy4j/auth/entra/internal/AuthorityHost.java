package io.github.livy4j.auth.entra.internal;

import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An Entra authority host as MSAL must be told of it.
 *
 * <p>MSAL asks the public cloud's instance discovery about every authority it does not know,
 * so a private or local Entra (and any host not listed here) is given to MSAL with instance
 * discovery and authority validation turned off. MSAL also accepts only https authorities: a
 * plain {@code http} host is accepted on a loopback address only (a local fake Entra for
 * development and tests); MSAL is told https and each request is sent over http again.
 */
public final class AuthorityHost {
  /** The Microsoft clouds' authority hosts, which MSAL's instance discovery knows. */
  private static final Set<String> MICROSOFT =
      Set.of(
          "login.microsoftonline.com",
          "login.microsoft.com",
          "login.windows.net",
          "sts.windows.net",
          "login.microsoftonline.us",
          "login-us.microsoftonline.com",
          "login.usgovcloudapi.net",
          "login.chinacloudapi.cn",
          "login.partner.microsoftonline.cn",
          "login.microsoftonline.de");

  private final URI host;
  private final boolean plainLoopback;

  private AuthorityHost(URI host, boolean plainLoopback) {
    this.host = host;
    this.plainLoopback = plainLoopback;
  }

  /**
   * Checks a host.
   *
   * @param host such as {@code https://login.microsoftonline.us/}
   * @return the host
   * @throws IllegalArgumentException if it is not an https URL (or http on a loopback address),
   *     or has a query or fragment
   */
  public static AuthorityHost of(URI host) {
    Objects.requireNonNull(host, "host");
    String scheme = host.getScheme() == null ? "" : host.getScheme().toLowerCase(Locale.ROOT);
    if (host.getHost() == null
        || host.getRawQuery() != null
        || host.getRawFragment() != null
        || host.getRawUserInfo() != null
        || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          "the authority host must be an https URL such as"
              + " https://login.microsoftonline.us/, was '"
              + host
              + "'");
    }
    boolean plain = scheme.equals("http");
    if (plain && !isLoopback(host.getHost())) {
      throw new IllegalArgumentException(
          "the authority host must use https (plain http only"
              + " on a loopback address, for a local test server), was '"
              + host
              + "'");
    }
    String text = host.toString();
    return new AuthorityHost(URI.create(text.endsWith("/") ? text : text + "/"), plain);
  }

  /** @return the host as given, ending in a slash: what browsers and token issuers see */
  public String text() {
    return host.toString();
  }

  /** @return whether MSAL's instance discovery knows this host */
  public boolean isMicrosoftCloud() {
    return !plainLoopback && MICROSOFT.contains(host.getHost().toLowerCase(Locale.ROOT));
  }

  /**
   * Puts back what MSAL loses: for a plain loopback host, the http scheme (MSAL is told https);
   * for a host with a port, the port (MSAL's silent requests name the host from its token
   * cache, which keeps no port).
   *
   * @return the rewrite; identity for a host on the default https port
   */
  public UnaryOperator<URI> route() {
    if (!plainLoopback && host.getPort() < 0) {
      return UnaryOperator.identity();
    }
    String base = (plainLoopback ? "http" : "https") + "://" + host.getRawAuthority();
    return uri -> {
      if ("https".equalsIgnoreCase(uri.getScheme())
          && host.getHost().equalsIgnoreCase(uri.getHost())
          && (uri.getPort() == host.getPort() || uri.getPort() < 0)) {
        return URI.create(
            base + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
      }
      return uri;
    };
  }

  /**
   * Points an MSAL application builder at this host's tenant.
   *
   * @param b the builder
   * @param tenantId the tenant
   * @param discovery whether instance discovery may run (off for tests routed elsewhere)
   * @return the builder
   */
  public ConfidentialClientApplication.Builder configure(
      ConfidentialClientApplication.Builder b, String tenantId, boolean discovery) {
    String msal = plainLoopback ? "https" + text().substring("http".length()) : text();
    try {
      b.authority(msal + tenantId + "/");
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad authority " + text() + tenantId, e);
    }
    if (!discovery || !isMicrosoftCloud()) {
      b.instanceDiscovery(false).validateAuthority(false);
    }
    return b;
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return text();
  }
}
