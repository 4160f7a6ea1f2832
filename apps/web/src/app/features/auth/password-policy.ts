/** The API's `Length(10, 200)` on new and invitation passwords, checked before sending. */
export const MIN_PASSWORD_LENGTH = 10;
