// What `xbd check examples` reports for the files the suite opens (CODE@line, 1-based).
export const DOCKERFILE = ['XB102@13', 'XB104@11'];
export const MAKEFILE = ['XB101@16', 'XB104@19', 'XB106@5'];
