package io.github.livy4j.auth.entra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.aad.msal4j.MsalClientException;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import io.github.livy4j.spi.Redactor;
import java.net.ConnectException;
import java.security.cert.CertPathBuilderException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** How failures to reach Entra ID are worded. */
class EntraErrorsTest {
  @Test
  void aCertificateTheJvmDoesNotTrust_isSaidInWords_withTheHandshakesCauseKept() {
    SSLHandshakeException handshake =
        new SSLHandshakeException("PKIX path building failed: unable to find a valid path");
    handshake.initCause(
        new CertPathBuilderException("unable to find valid certification path to target"));
    EntraAuthenticationException e =
        EntraErrors.from(
            "redeeming the sign-in code",
            new MsalClientException(handshake),
            Redactor.of(List.of()));
    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    assertThat(e.getMessage())
        .startsWith(
            "Entra ID could not be reached while redeeming the sign-in code: this JVM does not"
                + " trust the TLS certificate that Entra ID's host presented"
                + " (SSLHandshakeException: PKIX path building failed")
        .contains("add the certificate's issuing CA to the JVM's trust store");
    assertThat(e.getCause().getCause().getMessage())
        .startsWith("javax.net.ssl.SSLHandshakeException: PKIX path building failed");
  }

  @Test
  void anotherFailureToConnect_isNotTakenForACertificate() {
    EntraAuthenticationException e =
        EntraErrors.from(
            "redeeming the sign-in code",
            new MsalClientException(new ConnectException("Connection refused")),
            Redactor.of(List.of()));
    assertThat(e.getMessage())
        .startsWith("Entra ID could not be reached while redeeming the sign-in code")
        .doesNotContain("trust");
  }
}
