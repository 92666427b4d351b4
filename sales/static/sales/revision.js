// One sale's review page (admin/sales/venta/revision/venta.html): the photo zoomed and turned
// inside the page, and the keyboard shortcuts listed on it. Without JavaScript the page works
// the same with the mouse.
"use strict";

(function () {
  const tarjeta = document.querySelector(".una-venta .tarjeta");
  if (!tarjeta) return;
  const foto = tarjeta.querySelector("img.comprobante");
  const form = tarjeta.querySelector("form.form-decision");
  let escala = 1;
  let giro = 0;

  function mostrar() {
    if (!foto) return;
    foto.style.transform = `scale(${escala}) rotate(${giro}deg)`;
    foto.style.transformOrigin = "top left";
  }

  const acciones = {
    acercar() { escala = Math.min(escala * 1.25, 5); mostrar(); },
    alejar() { escala = Math.max(escala / 1.25, 0.5); mostrar(); },
    girar() { giro = (giro + 90) % 360; mostrar(); },
  };
  tarjeta.querySelectorAll("[data-foto]").forEach((boton) => {
    boton.addEventListener("click", () => acciones[boton.dataset.foto]());
  });

  // Keep the ticket's value (t) or what was typed (e), for the amount and the tubes.
  function elegir(valor) {
    if (!form) return;
    form.querySelectorAll(`input[type=radio][value=${valor}]`).forEach((r) => { r.checked = true; });
  }

  function enviar(decision) {
    if (!form) return;
    const boton = form.querySelector(`button[value=${decision}]`);
    if (boton) form.requestSubmit(boton);
  }

  function ir(atajo) {
    const enlace = document.querySelector(`a[data-atajo=${atajo}]`);
    if (enlace) window.location.assign(enlace.href);
  }

  const razon = form ? form.querySelector("textarea") : null;
  if (razon) {
    razon.addEventListener("keydown", (evento) => {
      if (evento.key === "Enter" && (evento.ctrlKey || evento.metaKey)) {
        evento.preventDefault();
        enviar("rechazar");
      }
    });
  }

  const teclas = {
    t: () => elegir("leido"),
    e: () => elegir("escrito"),
    a: () => enviar("aprobar"),
    r: () => razon && razon.focus(),
    j: () => ir("siguiente"),
    k: () => ir("anterior"),
    "+": acciones.acercar,
    "-": acciones.alejar,
    g: acciones.girar,
  };

  document.addEventListener("keydown", (evento) => {
    const destino = evento.target;
    // Typing in a field (the reason, a corrected amount) is not a shortcut.
    if (destino.matches && destino.matches("input[type=text], input[type=number], textarea, select")) return;
    if (evento.ctrlKey || evento.metaKey || evento.altKey) return;
    const accion = teclas[evento.key];
    if (accion) {
      evento.preventDefault();
      accion();
    }
  });
})();
