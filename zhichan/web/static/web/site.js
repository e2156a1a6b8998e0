// Behaviour that pages used to carry in inline handlers, which the Content Security Policy
// refuses: forms that ask first (data-confirm) and selects that submit their form (data-autosubmit).
document.addEventListener("submit", (event) => {
  const question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener("change", (event) => {
  if (event.target.matches && event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
