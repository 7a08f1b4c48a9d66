// Branching on the public survey: a question with a condition shows only when the earlier answer meets it.
// The server applies the same rule, so without JavaScript every question shows and hidden answers are ignored.
(() => {
  const form = document.getElementById("survey-form");
  if (!form) return;
  const latin = (s) => String(s).replace(/[۰-۹]/g, (d) => "۰۱۲۳۴۵۶۷۸۹".indexOf(d));
  const valueOf = (key) => {
    const inputs = [...form.querySelectorAll(`[name="q-${key}"]`)];
    const picked = inputs.filter((i) => (i.type === "radio" || i.type === "checkbox" ? i.checked : i.value !== ""));
    if (!picked.length) return null;
    return inputs[0].type === "checkbox" ? picked.map((i) => i.value) : picked[0].value;
  };
  const meets = (fs) => {
    const value = valueOf(fs.dataset.showIf);
    if (value === null) return false;
    let target = null;
    try { target = JSON.parse(fs.dataset.value); } catch { target = fs.dataset.value; }
    const op = fs.dataset.op;
    if (op === "lte") return Number(latin(value)) <= Number(target);
    if (op === "gte") return Number(latin(value)) >= Number(target);
    if (op === "in") {
      const wanted = (Array.isArray(target) ? target : [target]).map(String);
      return (Array.isArray(value) ? value : [value]).some((v) => wanted.includes(String(v)));
    }
    return String(value) === String(target);
  };
  const update = () => {
    form.querySelectorAll("fieldset[data-show-if]").forEach((fs) => { fs.hidden = !meets(fs); });
  };
  form.addEventListener("change", update);
  update();
})();
