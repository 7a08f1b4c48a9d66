// The survey builder: add, remove and reorder question blocks; the form posts them in order.
document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("qblocks");
  const template = document.getElementById("qblock-template");
  if (!list || !template) return;
  document.getElementById("add-question").addEventListener("click", () => {
    list.appendChild(template.content.cloneNode(true));
    list.lastElementChild.querySelector("input[name=text]").focus();
  });
  list.addEventListener("click", (event) => {
    const block = event.target.closest("[data-qblock]");
    if (!block) return;
    if (event.target.matches("[data-remove]")) block.remove();
    if (event.target.matches("[data-up]") && block.previousElementSibling) list.insertBefore(block, block.previousElementSibling);
    if (event.target.matches("[data-down]") && block.nextElementSibling) list.insertBefore(block.nextElementSibling, block);
  });
});
