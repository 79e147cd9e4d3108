package dev.redkit.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A self-signed certificate for {@code 127.0.0.1} (IP subject alternative name only) made with the JDK's
 * {@code keytool}, written as PEM files for {@code redis-server}, and an {@link SSLContext} that trusts it.
 * Nothing outside the JDK is needed.
 */
public final class TlsMaterial {

    private static final char[] PASSWORD = "redkit-test".toCharArray();
    private static @Nullable TlsMaterial shared;

    private final Path certFile;
    private final Path keyFile;
    private final SSLContext sslContext;

    private TlsMaterial(Path certFile, Path keyFile, SSLContext sslContext) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.sslContext = sslContext;
    }

    /**
     * The material shared by every TLS server of this JVM, generated on first use (key generation is slow).
     *
     * @return the material
     */
    static synchronized TlsMaterial shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("redkit-tls");
                shared = generate(dir);
                dir.toFile().deleteOnExit();
                for (String f : List.of("tls.p12", "cert.pem", "key.pem")) {
                    dir.resolve(f).toFile().deleteOnExit();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /**
     * Generates a key pair and certificate in a directory.
     *
     * @param dir where to write {@code cert.pem}, {@code key.pem} and the PKCS#12 store
     * @return the material
     */
    static TlsMaterial generate(Path dir) {
        Path store = dir.resolve("tls.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(
                keytool,
                "-genkeypair",
                "-alias",
                "redis",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "san=ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD)));
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            Key key = ks.getKey("redis", PASSWORD);
            Certificate cert = ks.getCertificate("redis");
            Path certFile = dir.resolve("cert.pem");
            Path keyFile = dir.resolve("key.pem");
            Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("redis", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return new TlsMaterial(certFile, keyFile, ctx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build TLS material", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** @return the server certificate, PEM */
    public Path certFile() {
        return certFile;
    }

    /** @return the server's private key, PKCS#8 PEM */
    public Path keyFile() {
        return keyFile;
    }

    /** @return a TLS context that trusts exactly this certificate */
    public SSLContext sslContext() {
        return sslContext;
    }
}
