import java.io.IOException;
import java.util.zip.ZipFile;

/**
 * Prints each of the given jars that is missing or does not open (a truncated jar has no
 * central directory at its end), and exits 3 when there was one. Run as a single-file program
 * by local-livy, so it needs only a JDK.
 */
public final class CheckJars {
  public static void main(String[] args) {
    boolean allOpen = true;
    for (String jar : args) {
      try (ZipFile zip = new ZipFile(jar)) {
        // opening reads the central directory, which is enough
      } catch (IOException e) {
        System.out.println(jar);
        allOpen = false;
      }
    }
    System.exit(allOpen ? 0 : 3);
  }
}
