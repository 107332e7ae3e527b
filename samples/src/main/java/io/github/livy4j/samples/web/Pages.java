package io.github.livy4j.samples.web;

import java.util.List;

/**
 * What the page templates show: plain values, already chosen for the user who asks. The
 * templates escape every value they print.
 */
public final class Pages {
  private Pages() {}

  /**
   * What every page shows around its content.
   *
   * @param title the page's title
   * @param userName the signed-in user's name, empty when signed out
   * @param roles the user's roles, as shown
   * @param csrf the form token of the browser's session
   * @param mayViewAll whether to link to everyone's sessions
   * @param devSignIn whether the development sign-in is on (a banner says so)
   */
  public record Layout(
      String title,
      String userName,
      String roles,
      String csrf,
      boolean mayViewAll,
      boolean devSignIn) {
    /** @return whether someone is signed in */
    public boolean signedIn() {
      return !userName.isEmpty();
    }
  }

  /**
   * The start page.
   *
   * @param layout the frame
   * @param entra whether Entra sign-in is on
   * @param devUsers the development users, empty when that sign-in is off
   */
  public record Home(Layout layout, boolean entra, List<DevUserView> devUsers) {}

  /**
   * A development user on the start page.
   *
   * @param id the user's name in {@code DEV_USERS}
   * @param name the display name
   * @param roles the roles their groups map to
   */
  public record DevUserView(String id, String name, String roles) {}

  /**
   * A message page: an error, a refusal, "signed out".
   *
   * @param layout the frame
   * @param status the HTTP status
   * @param heading the heading
   * @param message what happened
   * @param linkText a link's text, empty for none
   * @param linkHref the link's target
   */
  public record Message(
      Layout layout,
      int status,
      String heading,
      String message,
      String linkText,
      String linkHref) {}

  /**
   * The profile page.
   *
   * @param layout the frame
   * @param name the name
   * @param username the sign-in name
   * @param source where the user came from (Entra ID or the development sign-in)
   * @param roles the roles
   * @param groups the groups, with names where known
   * @param groupsProblem why the groups could not be read, empty when they were
   * @param profile further profile fields from Graph
   * @param tokenLeft how long the user's token for Livy has left, as shown
   * @param sessionLeft how long the browser session has left, as shown
   */
  public record Profile(
      Layout layout,
      String name,
      String username,
      String source,
      String roles,
      List<GroupView> groups,
      String groupsProblem,
      List<Field> profile,
      String tokenLeft,
      String sessionLeft) {}

  /**
   * A group.
   *
   * @param id the object id
   * @param name the display name, empty when unknown
   * @param mappedTo the roles it maps to, empty when none
   */
  public record GroupView(String id, String name, String mappedTo) {}

  /**
   * A name and value.
   *
   * @param name the name
   * @param value the value
   */
  public record Field(String name, String value) {}

  /**
   * A list of sessions.
   *
   * @param layout the frame
   * @param everyone whether these are every user's sessions
   * @param mayCreate whether the user may create sessions
   * @param mayStop whether the user may stop the sessions listed
   * @param sessions the sessions
   * @param kinds the session kinds to choose from
   */
  public record Sessions(
      Layout layout,
      boolean everyone,
      boolean mayCreate,
      boolean mayStop,
      List<SessionView> sessions,
      List<String> kinds) {}

  /**
   * A session.
   *
   * @param id the app's id for it
   * @param livyId Livy's id, empty while it starts
   * @param name its name on the server
   * @param owner its owner's name
   * @param kind its kind
   * @param state its state
   * @param problem why it failed, empty when it did not
   * @param created when it was created, as shown
   * @param statements how many statements ran
   * @param active whether it is changing now (starting, busy), so the page asks often
   * @param open whether it has not ended, so it can be stopped
   */
  public record SessionView(
      String id,
      String livyId,
      String name,
      String owner,
      String kind,
      String state,
      String problem,
      String created,
      int statements,
      boolean active,
      boolean open) {}

  /**
   * One session's page, or the part of it that updates itself.
   *
   * @param layout the frame
   * @param session the session
   * @param mayRun whether the user may run code and cancel statements here
   * @param mayStop whether the user may stop the session
   * @param ready whether code can run now
   * @param kinds the code kinds to choose from
   * @param statements the statements, newest first
   */
  public record SessionPage(
      Layout layout,
      SessionView session,
      boolean mayRun,
      boolean mayStop,
      boolean ready,
      List<String> kinds,
      List<StatementView> statements) {}

  /**
   * A statement.
   *
   * @param number its number in the session
   * @param kind its code's kind
   * @param code the code
   * @param state its state
   * @param percent its progress
   * @param running whether it is still running
   * @param text its text output, empty if none
   * @param columns a table's columns, empty if no table
   * @param rows a table's rows
   * @param note a note on the output (rows cut, text cut)
   * @param error the error, empty if none
   */
  public record StatementView(
      int number,
      String kind,
      String code,
      String state,
      int percent,
      boolean running,
      String text,
      List<String> columns,
      List<List<String>> rows,
      String note,
      String error) {}
}
