package dev.fullchain.model.terraform.hcl;

/** Malformed HCL, with the file and the line (and column) where reading stopped. */
public class HclSyntaxException extends RuntimeException {

    private final String file;
    private final int line;
    private final int column;

    public HclSyntaxException(String file, int line, int column, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public HclError toError() {
        return new HclError(file, line, column, getMessage());
    }
}
