package io.github.livy4j.samples.web;

import java.util.Arrays;
import java.util.Optional;

/** The app's roles, named in {@code ROLES} as the Django app named them. */
public enum Role {
  /** See their profile and groups, and everyone's sessions and results, read-only. */
  VIEWER("Viewers"),
  /** Also create sessions, run code, cancel statements and stop their own sessions. */
  EDITOR("Editors"),
  /** Also stop anyone's session. */
  ADMINISTRATOR("Administrators");

  private final String title;

  Role(String title) {
    this.title = title;
  }

  /** @return the name {@code ROLES} uses */
  public String title() {
    return title;
  }

  /**
   * @param title a role's name in {@code ROLES}
   * @return the role
   */
  public static Optional<Role> fromTitle(String title) {
    return Arrays.stream(values()).filter(r -> r.title.equals(title)).findFirst();
  }
}
