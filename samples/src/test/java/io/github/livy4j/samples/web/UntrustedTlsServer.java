package io.github.livy4j.samples.web;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An https server on a loopback port whose certificate, self-signed here and now, no JVM
 * trusts: what a sign-in meets when a TLS-inspecting proxy stands in front of Entra ID. Every
 * request answers 404; a client that checks certificates never gets that far.
 */
final class UntrustedTlsServer implements AutoCloseable {
  private static final char[] PASSWORD = "untrusted-test-store".toCharArray();
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  /** ecdsa-with-SHA256 (1.2.840.10045.4.3.2), as a DER object identifier. */
  private static final byte[] ECDSA_SHA256 = {
    0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02
  };

  /** commonName (2.5.4.3), as a DER object identifier. */
  private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};

  private final HttpsServer server;

  private UntrustedTlsServer(HttpsServer server) {
    this.server = server;
  }

  /** @return the server, serving */
  static UntrustedTlsServer start() throws IOException, GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair key = g.generateKeyPair();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("tls", key.getPrivate(), PASSWORD, new Certificate[] {selfSigned(key)});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            ex.sendResponseHeaders(404, -1);
          }
        });
    server.start();
    return new UntrustedTlsServer(server);
  }

  /** @return its address, as {@code AZURE_AUTHORITY_HOST} takes it */
  String uri() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** A version 1 X.509 certificate for 127.0.0.1, valid from yesterday to tomorrow. */
  private static Certificate selfSigned(KeyPair key) throws GeneralSecurityException {
    Instant now = Instant.now();
    byte[] name =
        der(
            0x30,
            der(
                0x31,
                der(0x30, COMMON_NAME, der(0x0C, "127.0.0.1".getBytes(StandardCharsets.UTF_8)))));
    byte[] algorithm = der(0x30, ECDSA_SHA256);
    byte[] tbs =
        der(
            0x30,
            der(0x02, new byte[] {0x01, 0x23, 0x45, 0x67}),
            algorithm,
            name,
            der(0x30, time(now.minus(Duration.ofDays(1))), time(now.plus(Duration.ofDays(1)))),
            name,
            key.getPublic().getEncoded());
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key.getPrivate());
    s.update(tbs);
    byte[] signature = s.sign();
    byte[] bits = new byte[signature.length + 1];
    System.arraycopy(signature, 0, bits, 1, signature.length);
    byte[] cert = der(0x30, tbs, algorithm, der(0x03, bits));
    return CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(cert));
  }

  private static byte[] time(Instant t) {
    return der(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
  }

  /** A DER element: its tag, its length, and its parts one after the other. */
  private static byte[] der(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    int n = content.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xFF);
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }
}
