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
   * @param tokenLeft the user's token for Livy, as shown: how long it has left on Fabric, or why
   *     there is none
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
   * @param note what the user may do with the sessions listed, empty when nothing needs saying
   * @param sessions the sessions
   * @param kinds the session kinds to choose from
   */
  public record Sessions(
      Layout layout,
      boolean everyone,
      boolean mayCreate,
      String note,
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
   * @param mine whether it is the user's own
   * @param mayStop whether the user may stop it now (another user's only after a confirmation)
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
      boolean open,
      boolean mine,
      boolean mayStop) {
    /** @return its name, or what it is while it has none yet */
    public String title() {
      return name.isEmpty() ? "A new " + kind + " session" : name;
    }
  }

  /**
   * One session's page, or the part of it that updates itself.
   *
   * @param layout the frame
   * @param session the session
   * @param heading the page's heading: the session's name, or what it is while it starts
   * @param readOnly why the user sees but cannot run code here, empty when they can
   * @param notice what just happened (a run refused), empty for nothing
   * @param mayRun whether the user may run code and cancel statements here
   * @param runnable whether code can run now
   * @param runWhy why code cannot run now, empty when it can
   * @param kinds the code kinds to choose from, each with its example code
   * @param code the code box's content: the code just refused, or the last code run
   * @param codeKind the kind chosen in the code box
   * @param placeholder the example code shown in the empty code box
   * @param live the address of the part of the page that updates itself
   * @param statements the statements, newest first
   */
  public record SessionPage(
      Layout layout,
      SessionView session,
      String heading,
      String readOnly,
      String notice,
      boolean mayRun,
      boolean runnable,
      String runWhy,
      List<KindOption> kinds,
      String code,
      String codeKind,
      String placeholder,
      String live,
      List<StatementView> statements) {}

  /**
   * A code kind to choose.
   *
   * @param value the kind's name
   * @param placeholder example code of the kind
   */
  public record KindOption(String value, String placeholder) {}

  /**
   * A statement, shown as a card.
   *
   * @param number its number in the session
   * @param kind its code's kind
   * @param code the code
   * @param state its state
   * @param percent its progress
   * @param running whether it is still running, or its result is still on its way
   * @param duration how long it ran (or has been running), as shown; empty when unknown
   * @param rowCount how many rows its table has, as shown; empty when it has no table
   * @param text its text output, empty if none
   * @param columns a table's columns, empty if no table
   * @param rows the table's rows on the page shown
   * @param pager the table's pages, or {@code null} when it fits on one
   * @param chart a chart of the rows shown, or {@code null} when the table is not one to chart
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
      String duration,
      String rowCount,
      String text,
      List<String> columns,
      List<List<String>> rows,
      Pager pager,
      Chart chart,
      String note,
      String error) {}

  /**
   * The pages of a long table: the links lead to the same session page with another page of
   * this table (and, for the page's script, to the part that updates itself).
   *
   * @param page the page shown, from 1
   * @param pages how many pages there are
   * @param shown which rows are shown, as shown ("rows 51 to 100 of 1000")
   * @param prevHref the previous page's address, empty on the first
   * @param prevLive its live part's address
   * @param nextHref the next page's address, empty on the last
   * @param nextLive its live part's address
   */
  public record Pager(
      int page,
      int pages,
      String shown,
      String prevHref,
      String prevLive,
      String nextHref,
      String nextLive) {}

  /**
   * A bar chart of the rows shown, drawn by the page's script from the table beside it.
   *
   * @param labelColumn the index of the column of labels
   * @param valueColumns the indexes of the numeric columns, comma-separated
   * @param description what the chart shows, for its text alternative and caption
   */
  public record Chart(int labelColumn, String valueColumns, String description) {}

  /**
   * The question before stopping another user's session.
   *
   * @param layout the frame
   * @param session the session
   */
  public record ConfirmStop(Layout layout, SessionView session) {}
}
