package dev.citra.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The bytes of an uploaded image: the multipart field {@code image} (or the only file sent), or the
 * raw request body. Nothing past the size limit is read into memory.
 */
final class ImageUpload {
    static final String FIELD = "image";

    private ImageUpload() {}

    /**
     * How much of a too-large upload is still read to its end before the 413: a client (a browser's
     * form) that sends the whole body before it reads the answer gets the 413 rather than a reset
     * connection, which is what closing on unread data gives it. Past this, the body is left unread.
     */
    static long readable(long maxBytes) {
        return 2 * maxBytes + (1 << 20);
    }

    static byte[] read(Context ctx, long maxBytes) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        // A multipart body carries a little framing around the file.
        long allowed = type.startsWith("multipart/") ? maxBytes + 64 * 1024 : maxBytes;
        if (ctx.contentLength() > allowed) {
            if (ctx.contentLength() <= readable(maxBytes)) {
                try (InputStream in = ctx.bodyInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // The client went away: nobody is left to read the 413.
                }
            }
            throw tooLarge(ctx.contentLength(), maxBytes);
        }
        if (type.startsWith("multipart/form-data")) {
            return fromMultipart(ctx, maxBytes);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(-1, maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("The upload was cut off (" + e.getMessage() + "): send it again.");
        }
    }

    private static byte[] fromMultipart(Context ctx, long maxBytes) {
        UploadedFile file;
        try {
            file = ctx.uploadedFile(FIELD);
            if (file == null) {
                List<UploadedFile> all = ctx.uploadedFiles();
                file = all.size() == 1 ? all.get(0) : null;
            }
        } catch (Exception e) { // Kotlin code: checked ServletExceptions arrive undeclared
            // Jetty refuses a part past the multipart limits while it parses the body.
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e; t != null && chain.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
                chain.append(t.getMessage()).append(' ');
            }
            String message = chain.toString().toLowerCase(Locale.ROOT);
            if (message.contains("size") || message.contains("exceed") || message.contains("too large")) {
                throw tooLarge(-1, maxBytes);
            }
            throw ApiException.badRequest("The multipart upload cannot be read (" + e.getMessage()
                    + "): send the image as the form field '" + FIELD + "', or as the raw request body.");
        }
        if (file == null) {
            throw ApiException.badRequest("The form has no file named '" + FIELD + "': send the image as the form field '"
                    + FIELD + "', or as the raw request body.");
        }
        if (file.size() > maxBytes) {
            throw tooLarge(file.size(), maxBytes);
        }
        try (InputStream in = file.content()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiException tooLarge(long size, long maxBytes) {
        return ApiException.tooLarge((size > 0 ? "The upload is " + mb(size) + " MB, " : "The upload is ") + "larger than"
                + " the " + mb(maxBytes) + " MB this server accepts: send a smaller image (scaled down or saved as JPEG).");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
