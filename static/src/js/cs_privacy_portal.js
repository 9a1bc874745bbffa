// After giving, withdrawing or sending a request the page reloads: move keyboard and
// screen-reader focus to the confirmation so it is read first.
const message = document.getElementById("cs_privacy_message");
if (message) {
    message.focus();
}
