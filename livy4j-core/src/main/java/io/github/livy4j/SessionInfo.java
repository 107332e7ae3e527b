package io.github.livy4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a session (or batch) as the server last described it.
 *
 * <p>Immutable. Backends build it with {@link #builder(SessionId, String)}; users read it from
 * {@link LivySession#info()} and {@link LivySession#refresh()}.
 */
public final class SessionInfo {
  private final SessionId id;
  private final String name;
  private final SessionState state;
  private final String rawState;
  private final CodeKind kind;
  private final String appId;
  private final String owner;
  private final String proxyUser;
  private final List<String> log;
  private final Map<String, String> appInfo;
  private final List<String> errors;
  private final String phase;

  private SessionInfo(Builder b) {
    this.id = b.id;
    this.rawState = b.rawState;
    this.state = b.state != null ? b.state : SessionState.fromWireName(b.rawState);
    this.name = b.name;
    this.kind = b.kind;
    this.appId = b.appId;
    this.owner = b.owner;
    this.proxyUser = b.proxyUser;
    this.log = List.copyOf(b.log);
    this.appInfo = Map.copyOf(b.appInfo);
    this.errors = List.copyOf(b.errors);
    this.phase = b.phase;
  }

  /**
   * Starts a snapshot.
   *
   * @param id the session id
   * @param rawState the state as the server named it
   * @return a builder
   */
  public static Builder builder(SessionId id, String rawState) {
    return new Builder(id, rawState);
  }

  /** @return the session id */
  public SessionId id() {
    return id;
  }

  /** @return the session name, when it has one */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** @return the state */
  public SessionState state() {
    return state;
  }

  /** @return the state as the server named it */
  public String rawState() {
    return rawState;
  }

  /** @return the session's default code kind, when it has one */
  public Optional<CodeKind> kind() {
    return Optional.ofNullable(kind);
  }

  /** @return the Spark application id, once known */
  public Optional<String> appId() {
    return Optional.ofNullable(appId);
  }

  /** @return the user who owns the session, when the server says */
  public Optional<String> owner() {
    return Optional.ofNullable(owner);
  }

  /** @return the user the session runs as, when impersonated */
  public Optional<String> proxyUser() {
    return Optional.ofNullable(proxyUser);
  }

  /** @return the last log lines the server included in the snapshot */
  public List<String> log() {
    return log;
  }

  /** @return application links and details (driver log URL, Spark UI URL), absent ones left out */
  public Map<String, String> appInfo() {
    return appInfo;
  }

  /** @return error reasons the service reported for a failed session; empty otherwise */
  public List<String> errors() {
    return errors;
  }

  /**
   * A finer-grained phase the service reports while the session starts (such as Fabric's
   * {@code queued} or {@code acquiringSession}), shown to poll listeners.
   *
   * @return the phase, when the service reports one
   */
  public Optional<String> phase() {
    return Optional.ofNullable(phase);
  }

  @Override
  public String toString() {
    return "SessionInfo[id=" + id + ", name=" + name + ", state=" + rawState + "]";
  }

  /** Builds a {@link SessionInfo}; for backends. */
  public static final class Builder {
    private final SessionId id;
    private String rawState;
    private SessionState state;
    private String name;
    private CodeKind kind;
    private String appId;
    private String owner;
    private String proxyUser;
    private final List<String> log = new ArrayList<>();
    private final Map<String, String> appInfo = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private String phase;

    private Builder(SessionId id, String rawState) {
      this.id = Objects.requireNonNull(id, "id");
      this.rawState = Objects.requireNonNull(rawState, "rawState");
    }

    /**
     * Replaces the raw state, for dialects whose effective state comes from several fields.
     *
     * @param rawState the state as the server named it
     * @return this builder
     */
    public Builder rawState(String rawState) {
      this.rawState = Objects.requireNonNull(rawState, "rawState");
      return this;
    }

    /**
     * Sets the state when it is not simply the raw state's mapping (layered dialects).
     *
     * @param state the state
     * @return this builder
     */
    public Builder state(SessionState state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /**
     * @param name the session name, or {@code null}
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * @param kind the session's default code kind, or {@code null}
     * @return this builder
     */
    public Builder kind(CodeKind kind) {
      this.kind = kind;
      return this;
    }

    /**
     * @param appId the Spark application id, or {@code null}
     * @return this builder
     */
    public Builder appId(String appId) {
      this.appId = appId;
      return this;
    }

    /**
     * @param owner the owning user, or {@code null}
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    /**
     * @param proxyUser the impersonated user, or {@code null}
     * @return this builder
     */
    public Builder proxyUser(String proxyUser) {
      this.proxyUser = proxyUser;
      return this;
    }

    /**
     * @param lines log lines included in the snapshot
     * @return this builder
     */
    public Builder log(List<String> lines) {
      this.log.addAll(lines);
      return this;
    }

    /**
     * @param key the detail's name
     * @param value the detail, ignored when {@code null}
     * @return this builder
     */
    public Builder appInfo(String key, String value) {
      if (value != null) {
        this.appInfo.put(Objects.requireNonNull(key, "key"), value);
      }
      return this;
    }

    /**
     * @param error an error reason the service reported
     * @return this builder
     */
    public Builder error(String error) {
      this.errors.add(Objects.requireNonNull(error, "error"));
      return this;
    }

    /**
     * @param phase a finer-grained startup phase, or {@code null}
     * @return this builder
     */
    public Builder phase(String phase) {
      this.phase = phase;
      return this;
    }

    /** @return the snapshot */
    public SessionInfo build() {
      return new SessionInfo(this);
    }
  }
}
