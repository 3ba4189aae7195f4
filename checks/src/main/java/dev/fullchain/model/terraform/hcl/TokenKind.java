package dev.fullchain.model.terraform.hcl;

/** The tokens of HCL native syntax (templates are tokenised too: quotes, literal chunks, ${, %{, }). */
enum TokenKind {
    IDENT, NUMBER,
    OQUOTE, CQUOTE, OHEREDOC, CHEREDOC, STRING_LIT,
    TEMPLATE_INTERP, TEMPLATE_CONTROL, TEMPLATE_SEQ_END,
    LBRACE, RBRACE, LBRACK, RBRACK, LPAREN, RPAREN,
    COMMA, DOT, ELLIPSIS, EQUAL, COLON, QUESTION, FAT_ARROW,
    PLUS, MINUS, STAR, SLASH, PERCENT,
    EQEQ, NOTEQ, LT, LE, GT, GE, AND, OR, BANG,
    NEWLINE, EOF
}
