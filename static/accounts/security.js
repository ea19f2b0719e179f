// A security key registered through django-otp-webauthn's script: show it in the list.
document.addEventListener("otp_webauthn.register_complete", () => window.location.reload());
