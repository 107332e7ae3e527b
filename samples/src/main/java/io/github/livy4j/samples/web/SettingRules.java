package io.github.livy4j.samples.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules that keep the web app's settings from exposing anyone: the development sign-in only
 * on a developer's machine, credentials never over plain http to another machine, and no
 * password inside a URL. Each rule answers with the one line {@link WebConfig} reports.
 */
final class SettingRules {
  private SettingRules() {}

  /**
   * The development sign-in lets anyone sign in as anyone: it runs only without Entra ID, on a
   * loopback address, at a plain-http loopback {@code REDIRECT_URI}. Behind a reverse proxy on
   * the same machine the bind address is loopback too, which is why the redirect address counts.
   *
   * @param bind {@code BIND_ADDRESS}
   * @param bindLoopback whether it is a loopback address
   * @param entra whether any Entra ID sign-in setting is given
   * @param redirect {@code REDIRECT_URI}, or {@code null} when unset (a loopback default)
   * @return the problem, naming every reason, or empty when the development sign-in may run
   */
  static Optional<String> devSignIn(
      String bind, boolean bindLoopback, boolean entra, URI redirect) {
    List<String> why = new ArrayList<>();
    if (!bindLoopback) {
      why.add("on BIND_ADDRESS " + bind);
    }
    if (entra) {
      why.add("together with the Entra ID sign-in (TENANT_ID, CLIENT_ID, CLIENT_SECRET)");
    }
    if (redirect != null && "https".equalsIgnoreCase(redirect.getScheme())) {
      why.add("with an https REDIRECT_URI (the app is served to other machines)");
    } else if (redirect != null && !loopbackHost(redirect.getHost())) {
      why.add("with REDIRECT_URI on " + redirect.getHost() + ", which is not this machine");
    }
    if (why.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "DEV_USERS (the development sign-in) is refused "
            + String.join(" and ", why)
            + ": it lets anyone sign in as anyone, so it only runs on a developer's machine:"
            + " without Entra ID, on a loopback address such as 127.0.0.1, at a plain http"
            + " REDIRECT_URI on localhost or 127.0.0.1. Remove DEV_USERS anywhere else");
  }

  /**
   * A URL that carries a credential must use https, except to this machine.
   *
   * @param name the setting
   * @param url its value, or {@code null} when unset or invalid
   * @param carries what requests to it carry, such as "each user's Microsoft Graph token"
   * @return the problem, or empty when the URL is https or plain http to this machine
   */
  static Optional<String> plainHttp(String name, URI url, String carries) {
    if (url == null || !"http".equalsIgnoreCase(url.getScheme()) || loopbackHost(url.getHost())) {
      return Optional.empty();
    }
    return Optional.of(
        name
            + " must be an https URL: its requests carry "
            + carries
            + ", which plain http shows to anyone on the way to "
            + url.getHost()
            + " (plain http is only for this machine: localhost or 127.0.0.1)");
  }

  /**
   * @param name the setting
   * @return the problem of a URL with a user name or password in it
   */
  static String userInfo(String name) {
    return name
        + " must not hold a user name or password ('user:password@'): a URL is printed and"
        + " logged"
        + (name.equals("LIVY_BASE_ENDPOINT")
            ? "; set LIVY_USERNAME and LIVY_PASSWORD for Basic authentication instead"
            : "");
  }

  /**
   * @param raw a setting's value as given
   * @return the value with any user name and password in a URL hidden, for a problem's line
   */
  static String shown(String raw) {
    return raw.replaceFirst(
        "^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", "$1<user name and password hidden>@");
  }

  /**
   * Whether a URL's host names this machine, without a name lookup.
   *
   * @param host the host, as {@link URI#getHost()} gives it, or {@code null}
   * @return whether it is {@code localhost}, a {@code 127.x.x.x} address or {@code [::1]}
   */
  static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
